import { defineConfig } from 'drizzle-kit';

// Only used to generate SQL migrations from src/schema.ts; they are committed under drizzle/.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './drizzle',
});
