import { defineConfig } from 'vitest/config';

// Vitest's 5 s default is a speed check on a loaded machine; the limit is only for hangs.
export default defineConfig({
  test: { testTimeout: 300_000, hookTimeout: 300_000, include: ['src/**/*.test.ts'] },
});
