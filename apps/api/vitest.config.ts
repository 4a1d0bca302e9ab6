import { defineConfig } from 'vitest/config';

// The same suite runs twice: on embedded PGlite and on a real PostgreSQL server that
// test/postgres-setup.ts starts (initdb in a temp dir, random port) and stops afterwards.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          env: { TEST_DB: 'pglite' },
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.postgres.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          env: { TEST_DB: 'postgres' },
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/postgres-setup.ts'],
        },
      },
    ],
  },
});
