import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyContext } from '../src/deploy';
import { deployPlan, partialPlan } from '../src/deploy';
import {
  confirmImages,
  createWatcher,
  debouncer,
  decide,
  type DeployStep,
  type Release,
  type ReleaseState,
} from '../src/deploy';

describe('what a change means', () => {
  it.each([
    ['an api file', ['apps/api/src/app.ts'], ['api'], ['todo-backend']],
    ['a web file', ['apps/web/components/Home.tsx'], ['web'], ['todo-frontend']],
    [
      'a package both images use',
      ['packages/contracts/src/tasks.ts'],
      ['api', 'web'],
      ['todo-backend', 'todo-frontend'],
    ],
    [
      'a package only the api uses',
      ['packages/agent/src/engine/index.ts'],
      ['api'],
      ['todo-backend'],
    ],
    ['chart values only', ['k8s/helm/todo-frontend/values.yaml'], [], ['todo-frontend']],
    ['the postgres chart', ['k8s/helm/postgres/templates/statefulset.yaml'], [], ['postgres']],
    [
      'the library chart every chart uses',
      ['k8s/helm/todo-lib/templates/_helpers.tpl'],
      [],
      ['postgres', 'todo-backend', 'todo-frontend'],
    ],
    ['docs only', ['docs/ai-ops.md', 'README.md', 'apps/api/README.md'], [], []],
    ['the lockfile', ['pnpm-lock.yaml'], ['api', 'web'], ['todo-backend', 'todo-frontend']],
    [
      'build output and caches',
      [
        'apps/web/.next/server/app.js',
        'node_modules/x/index.js',
        'apps/api/dist/server.js',
        '.turbo/cache/a',
      ],
      [],
      [],
    ],
    ['Windows paths', ['apps\\api\\src\\server.ts'], ['api'], ['todo-backend']],
    ['scripts and infra', ['packages/infra/src/deploy.ts', 'scripts/deploy.ts'], [], []],
  ])('%s', (_what, paths, images, releases) => {
    const d = decide(paths);
    expect(d.images).toEqual(images);
    expect(d.releases).toEqual(releases);
  });

  it('asks for lint on chart, namespace and blueprint changes, and re-applies namespaces', () => {
    expect(decide(['k8s/blueprint.yaml'])).toMatchObject({
      lint: true,
      releases: [],
      namespaces: false,
    });
    expect(decide(['k8s/namespaces.yaml'])).toMatchObject({ lint: true, namespaces: true });
    expect(decide(['apps/api/src/app.ts']).lint).toBe(false);
  });

  it('keeps only the images whose content tag really changed', () => {
    const d = decide(['packages/contracts/src/tasks.ts', 'k8s/helm/todo-frontend/values.yaml']);
    const confirmed = confirmImages(d, {
      current: { api: 'a1', web: 'w1' },
      next: { api: 'a2', web: 'w1' },
    });
    expect(confirmed.images).toEqual(['api']);
    // The frontend still upgrades: its chart changed.
    expect(confirmed.releases).toEqual(['todo-backend', 'todo-frontend']);
    const onlyTests = confirmImages(decide(['apps/api/test/x.test.ts']), {
      current: { api: 'a1' },
      next: { api: 'a1' },
    });
    expect(onlyTests.releases).toEqual([]);
  });
});

const retitled = (steps: DeployStep[], retitle?: (s: DeployStep, i: number) => string) =>
  retitle ? steps.map((s, i) => ({ ...s, title: retitle(s, i) })) : steps;

describe('the watch loop (recording fakes; no cluster here)', () => {
  const cluster = classifyContext('minikube');
  const setup = (
    opts: {
      failBuild?: boolean;
      failRollout?: Release;
      /** Presentation only: what a step is called must change nothing the loop does. */
      retitle?: (s: DeployStep, i: number) => string;
    } = {},
  ) => {
    const commands: string[] = [];
    const statuses: [Release, ReleaseState, string?][] = [];
    let tagCounter = 0;
    const watcher = createWatcher({
      current: { api: 'a0', web: 'w0' },
      nextTag: async (app) => `${app[0]}${++tagCounter}`,
      build: async (app) => {
        commands.push(`build ${app}`);
        if (opts.failBuild)
          throw new Error('Building todo-api failed at: [build 5/5] RUN pnpm build: TS2322');
        return `todo-${app}:${app}${tagCounter}`;
      },
      lint: async () => [],
      plan: (images, releases, namespaces) =>
        partialPlan(
          retitled(
            deployPlan({
              repoRoot: path.resolve(import.meta.dirname, '../../..'),
              cluster,
              helm: 'helm',
              helmMajor: 4,
              kubectl: 'kubectl',
              tools: { minikube: 'minikube', kind: 'kind', k3d: 'k3d' },
              images: { api: images.api ?? 'todo-api:a0', web: images.web ?? 'todo-web:w0' },
              namespacePrefix: 'todo-',
              valuesFiles: [],
              secrets: {},
              trustedOrigins: [],
            }),
            opts.retitle,
          ),
          { images: Object.values(images) as string[], releases, namespaces },
        ),
      run: async (step) => {
        commands.push(`${step.kind} ${step.kind === 'load' ? step.image : step.release}`);
        return step.kind === 'release' && step.release === opts.failRollout
          ? { ok: false, output: 'Error: UPGRADE FAILED: context deadline exceeded' }
          : { ok: true, output: '' };
      },
      status: (release, state, detail) => statuses.push([release, state, detail]),
    });
    return { watcher, commands, statuses };
  };

  it('changes nothing but the words when step titles are reworded', async () => {
    const batches = [
      ['apps/api/src/app.ts'],
      ['k8s/helm/todo-frontend/values.yaml', 'k8s/namespaces.yaml'],
      ['packages/contracts/src/tasks.ts'],
    ];
    const plain = setup({ failRollout: 'todo-frontend' });
    const reworded = setup({
      failRollout: 'todo-frontend',
      // Titles that mention other releases and images, or nothing at all.
      retitle: (_s, i) => (i % 2 ? 'load todo-web:w0 → todo-backend postgres' : ''),
    });
    for (const b of batches) {
      await plain.watcher.onBatch(b);
      await reworded.watcher.onBatch(b);
    }
    expect(plain.commands).toContain('namespaces undefined');
    expect(reworded.commands).toEqual(plain.commands);
    expect(reworded.statuses).toEqual(plain.statuses);
  });

  it('rebuilds, loads and upgrades only what an api change touches, in order', async () => {
    const { watcher, commands, statuses } = setup();
    await watcher.onBatch(['apps/api/src/app.ts']);
    expect(commands).toEqual(['build api', 'load todo-api:api1', 'release todo-backend']);
    expect(statuses.map(([r, s]) => `${r}:${s}`)).toEqual([
      'todo-backend:building',
      'todo-backend:loading',
      'todo-backend:rolling out',
      'todo-backend:ready',
    ]);
  });

  it('upgrades a chart-only change without building anything', async () => {
    const { watcher, commands } = setup();
    await watcher.onBatch(['k8s/helm/todo-frontend/values.yaml']);
    expect(commands).toEqual(['release todo-frontend']);
  });

  it('reports a failing build and keeps watching', async () => {
    const broken = setup({ failBuild: true });
    await broken.watcher.onBatch(['apps/api/src/app.ts']);
    expect(broken.statuses).toContainEqual([
      'todo-backend',
      'failed',
      expect.stringMatching(/\[build 5\/5\]/),
    ]);
    expect(broken.commands).toEqual(['build api']);
    // The next change is still handled (a chart change needs no build).
    await broken.watcher.onBatch(['k8s/helm/todo-backend/values.yaml']);
    expect(broken.commands.at(-1)).toBe('release todo-backend');
  });

  it('reports a failed rollout with Helm’s reason', async () => {
    const { watcher, statuses } = setup({ failRollout: 'todo-frontend' });
    await watcher.onBatch(['apps/web/app/page.tsx']);
    expect(statuses.at(-1)).toEqual([
      'todo-frontend',
      'failed',
      'Error: UPGRADE FAILED: context deadline exceeded',
    ]);
  });

  it('handles batches one after another, never two at once', async () => {
    const { watcher, commands } = setup();
    await Promise.all([
      watcher.onBatch(['apps/api/src/a.ts']),
      watcher.onBatch(['apps/web/app/page.tsx']),
    ]);
    expect(commands).toEqual([
      'build api',
      'load todo-api:api1',
      'release todo-backend',
      'build web',
      'load todo-web:web2',
      'release todo-frontend',
    ]);
  });
});

describe('debouncing file events', () => {
  it('turns a burst of events into one batch, without ignored paths', async () => {
    const batches: string[][] = [];
    const d = debouncer(20, (b) => batches.push(b.sort()));
    d.push('apps/api/src/a.ts');
    d.push('apps/api/src/a.ts');
    d.push('apps/api/node_modules/x/y.js');
    d.push('apps/web/app/page.tsx');
    await new Promise((r) => setTimeout(r, 60));
    d.push('k8s/helm/postgres/values.yaml');
    await new Promise((r) => setTimeout(r, 60));
    expect(batches).toEqual([
      ['apps/api/src/a.ts', 'apps/web/app/page.tsx'],
      ['k8s/helm/postgres/values.yaml'],
    ]);
  });
});
