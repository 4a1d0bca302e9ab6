import { defineConfig } from 'vitest/config';

// The limit is only for hangs; a loaded machine is slow, not wrong.
export default defineConfig({
  test: { testTimeout: 300_000, hookTimeout: 300_000, include: ['test/**/*.test.ts'] },
});
