import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedPackages, precommitPlan, type HookCheck } from '../src/checks';
import { readCommand } from './commands';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const tools = {
  prettier: 'prettier',
  eslint: 'eslint',
  turbo: 'turbo',
  tsx: 'tsx',
  tsc: 'tsc',
  scriptsDir: '/repo/scripts',
};
/** What each check runs, read from its command line (titles are for people only). */
const what = (c: HookCheck) => {
  const cmd = readCommand(c.args);
  switch (c.command) {
    case tools.prettier:
      return cmd.has('--check') ? 'prettier --check' : 'prettier --write';
    case tools.turbo:
      return `turbo ${cmd.words.join(' ')} ${cmd.all('--filter').join(' ')}`;
    case tools.tsc:
      return `tsc -p ${cmd.get('-p')}`;
    case tools.tsx:
      return [path.basename(cmd.words[0]!), ...cmd.all('--chart').map((c) => `--chart ${c}`)].join(
        ' ',
      );
    default:
      return c.command;
  }
};
const checksFor = (staged: string[], partial: string[] = []) =>
  precommitPlan({ staged, partial, tools, hasEslintConfig: true }).map(what);

describe('which checks a commit gets', () => {
  it.each([
    [
      'an api source file',
      ['apps/api/src/app.ts'],
      ['prettier --write', 'eslint', 'turbo run typecheck ...@todo/api'],
    ],
    [
      'a shared package',
      ['packages/contracts/src/tasks.ts'],
      ['prettier --write', 'eslint', 'turbo run typecheck ...@todo/contracts'],
    ],
    ['docs only', ['docs/ai-ops.md'], ['prettier --write']],
    [
      'chart values',
      ['k8s/helm/todo-frontend/values.yaml'],
      ['prettier --write', 'helm-lint.ts --chart todo-frontend'],
    ],
    [
      'a chart template (not prettier’s to format)',
      ['k8s/helm/postgres/templates/statefulset.yaml'],
      ['helm-lint.ts --chart postgres'],
    ],
    [
      'the library chart every chart uses',
      ['k8s/helm/todo-lib/templates/_helpers.tpl'],
      ['helm-lint.ts'],
    ],
    [
      'the blueprint',
      ['k8s/blueprint.yaml'],
      ['prettier --write', 'helm-lint.ts', 'ai-generate.ts'],
    ],
    ['a script', ['scripts/deploy.ts'], ['prettier --write', 'eslint', 'tsc -p /repo/scripts']],
  ])('%s', (_what, staged, expected) => {
    expect(checksFor(staged)).toEqual(expected);
  });

  it('checks, but does not rewrite, a partly staged file', () => {
    const checks = precommitPlan({
      staged: ['apps/web/lib/due.ts'],
      partial: ['apps/web/lib/due.ts'],
      tools,
      hasEslintConfig: true,
    });
    expect(checks.map(what)).toContain('prettier --check');
    expect(readCommand(checks[0]!.args).words).toEqual(['apps/web/lib/due.ts']);
    expect(checks[0]!.restage).toBeUndefined();
  });

  it('lints only the charts that changed', () => {
    const helm = precommitPlan({
      staged: ['k8s/helm/postgres/values.yaml', 'k8s/helm/todo-backend/Chart.yaml'],
      partial: [],
      tools,
      hasEslintConfig: true,
    }).map(what);
    expect(helm).toContain('helm-lint.ts --chart postgres --chart todo-backend');
    expect(
      affectedPackages(['apps/web/app/page.tsx', 'apps/web/README.md', 'packages/db/package.json']),
    ).toEqual(['@todo/db', '@todo/web']);
  });
});

describe('the pre-commit hook in a real git repository', () => {
  it('fixes and re-stages a badly formatted file, and rejects a chart with a root container', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'todo-hook-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', 'dev@example.invalid');
    git('config', 'user.name', 'Dev');
    for (const f of ['.prettierrc.json', '.prettierignore'])
      cpSync(path.join(repoRoot, f), path.join(repo, f));
    cpSync(path.join(repoRoot, 'k8s'), path.join(repo, 'k8s'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    git('add', '.');
    git('commit', '-q', '-m', 'base', '--no-verify');

    writeFileSync(path.join(repo, 'example.json'), '{"a":1,   "b":[1,2]}\n');
    const deployment = path.join(repo, 'k8s/helm/todo-backend/templates/deployment.yaml');
    writeFileSync(
      deployment,
      readFileSync(deployment, 'utf8').replace(
        '      containers:\n',
        '      containers:\n        - name: debug\n          image: todo-api:0.1.0\n          securityContext:\n            runAsUser: 0\n',
      ),
    );
    git('add', 'example.json', 'k8s/helm/todo-backend/templates/deployment.yaml');

    const hook = spawnSync(
      path.join(repoRoot, 'node_modules/.bin/tsx'),
      [path.join(repoRoot, 'scripts/pre-commit.ts')],
      {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, CI: '', HUSKY: '', HELM: path.join(repoRoot, '.tools/helm4/helm') },
      },
    );
    const output = `${hook.stdout}${hook.stderr}`;
    expect(hook.status, output).toBe(1);
    // The formatting was fixed in the index, not only on disk.
    expect(git('show', ':example.json')).toBe('{ "a": 1, "b": [1, 2] }\n');
    expect(output).toMatch(/✓ prettier/);
    expect(output).toMatch(/✗ helm-lint and blueprint/);
    expect(output).toMatch(/container "debug" (may run as root|has runAsUser 0)/);
    expect(output).toMatch(/\[non-root\]/);
  });
});
