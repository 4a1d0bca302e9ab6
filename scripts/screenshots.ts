#!/usr/bin/env tsx
/**
 * Refreshes the committed screenshots and metrics in docs/screenshots, on purpose. `pnpm test`
 * writes them to the ignored apps/web/.screenshots instead, so a test run changes no file.
 *   pnpm run screenshots
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './lib/cli';
import { bin } from './lib/bin';

// Windows runs node_modules/.bin/*.cmd only through a shell.
const shell = process.platform === 'win32';
const steps: [string, string, string[], string][] = [
  ['build the web app', bin('turbo'), ['run', 'build', '--filter=@todo/web'], repoRoot],
  [
    'run the browser test',
    bin('vitest'),
    ['run', 'test/e2e.test.ts'],
    path.join(repoRoot, 'apps/web'),
  ],
];
for (const [title, command, args, cwd] of steps) {
  console.log(`== ${title}`);
  const r = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    shell,
    env: { ...process.env, SCREENSHOTS_DIR: path.join(repoRoot, 'docs/screenshots') },
  });
  if (r.status !== 0) {
    console.error(`screenshots: "${title}" failed; docs/screenshots may be partly updated`);
    process.exit(1);
  }
}
console.log('docs/screenshots refreshed: review them with git diff before committing');
