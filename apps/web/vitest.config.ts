import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['test/**/*.test.ts'],
    // The browser suites each start PostgreSQL, the API, the web server and Chromium: side by
    // side on a small machine they only slow each other down.
    fileParallelism: false,
    // Timeouts catch hangs, not slowness: under load on 2 cores the browser suite runs several
    // times slower than alone. expect.poll's default (1 s) would fail on a slow page, not a bug.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    expect: { poll: { timeout: 120_000, interval: 100 } },
  },
});
