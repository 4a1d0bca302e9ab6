#!/usr/bin/env tsx
/**
 * The pre-commit checks on the whole tree (what CI runs first):
 * format, lint, typecheck, helm-lint with the blueprint, generated guardrails up to date.
 *   pnpm run check
 */
import { realRunner } from '@todo/infra';
import { repoRoot } from './lib/cli';
import { bin } from './lib/bin';

const checks: [string, string, string[]][] = [
  ['format', bin('prettier'), ['--check', '.']],
  ['lint', bin('turbo'), ['run', 'lint', '--output-logs=errors-only']],
  ['lint scripts', bin('eslint'), ['scripts']],
  ['typecheck', bin('turbo'), ['run', 'typecheck', '--output-logs=errors-only']],
  ['typecheck scripts', bin('tsc'), ['-p', 'scripts']],
  ['helm-lint and blueprint', bin('tsx'), ['scripts/helm-lint.ts']],
  ['generated guardrails up to date', bin('tsx'), ['scripts/ai-generate.ts', '--check']],
];
let failed = 0;
for (const [title, command, args] of checks) {
  const started = Date.now();
  const r = await realRunner.run(command, args, { cwd: repoRoot });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.exitCode === 0) console.log(`✓ ${title} (${seconds}s)`);
  else {
    failed++;
    console.log(
      `✗ ${title} (${seconds}s)\n${`${r.stdout}${r.stderr}`.trim().replace(/^/gm, '    ')}`,
    );
  }
}
process.exit(failed ? 1 : 0);
