#!/usr/bin/env tsx
/**
 * The pre-commit hook (installed by `pnpm install` through husky; skipped when CI is set):
 * checks only what is staged. Prettier fixes and re-stages; eslint, the typecheck of affected
 * packages, and for k8s/ helm-lint with the blueprint must pass.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { precommitPlan, realRunner } from '@todo/infra';
import { repoRoot } from './lib/cli';
import { bin } from './lib/bin';

if (process.env.CI || process.env.HUSKY === '0') process.exit(0);
const git = async (args: string[]) =>
  (await realRunner.run('git', args)).stdout.split('\n').filter(Boolean);
const root = (await git(['rev-parse', '--show-toplevel']))[0] ?? process.cwd();
process.chdir(root);
const staged = await git(['diff', '--cached', '--name-only', '--diff-filter=ACMR']);
if (!staged.length) process.exit(0);
const unstaged = new Set(await git(['diff', '--name-only']));
const checks = precommitPlan({
  staged,
  partial: staged.filter((f) => unstaged.has(f)),
  hasEslintConfig: existsSync(path.join(root, 'eslint.config.js')),
  tools: {
    prettier: bin('prettier'),
    eslint: bin('eslint'),
    turbo: bin('turbo'),
    tsx: bin('tsx'),
    tsc: bin('tsc'),
    scriptsDir: path.join(repoRoot, 'scripts'),
  },
});
const started = Date.now();
let failed = 0;
for (const check of checks) {
  const r = await realRunner.run(check.command, check.args, { cwd: root });
  if (r.exitCode === 0) {
    if (check.restage?.length) await realRunner.run('git', ['add', '--', ...check.restage]);
    console.log(`✓ ${check.title}`);
  } else {
    failed++;
    console.log(`✗ ${check.title}\n${`${r.stdout}${r.stderr}`.trim().replace(/^/gm, '    ')}`);
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  failed
    ? `pre-commit: ${failed} check(s) failed (${seconds}s); fix them, stage, and commit again`
    : `pre-commit: all checks passed (${seconds}s)`,
);
process.exit(failed ? 1 : 0);
