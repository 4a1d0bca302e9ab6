// Installs the git hooks (husky) on `pnpm install`, except in CI or outside a git checkout.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (process.env.CI || process.env.HUSKY === '0' || !existsSync('.git')) process.exit(0);
try {
  execFileSync(process.execPath, ['node_modules/husky/bin.js'], { stdio: 'inherit' });
} catch {
  console.warn('git hooks were not installed (husky failed); commits are not checked locally');
}
