import { defineConfig } from 'vitest/config';

// Timeouts catch hangs, not slowness: on a loaded 2-core machine a test that takes 9 s alone
// took 56 s. They are far above what any test needs, so only a hang reaches them.
export default defineConfig({
  test: { testTimeout: 300_000, hookTimeout: 300_000, include: ['test/**/*.test.ts'] },
});
