import { defineConfig } from 'vitest/config';

// The same suite runs twice: on embedded PGlite and on a real PostgreSQL server that
// test/postgres-setup.ts starts (initdb in a temp dir, random port) and stops afterwards.
// Timeouts catch hangs, not slowness: on a loaded 2-core machine a test that takes 9 s alone
// took 56 s. They are far above what any test needs, so only a hang reaches them.
export default defineConfig({
  test: {
    testTimeout: 300_000,
    hookTimeout: 300_000,
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
