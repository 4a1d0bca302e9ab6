import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentNamespaces, rbacObjects } from '../src/ai-ops';
import { precommitPlan } from '../src/checks';
import {
  classifyContext,
  createWatcher,
  decide,
  deployPlan,
  helmLint,
  partialPlan,
  releases,
  type DeployStep,
  type ReleaseSpec,
} from '../src/deploy';
import { loadBlueprint } from '../src/k8s';
import { logsArgs, teardownPlan } from '../src/operate';
import { realRunner } from '../src/tools';
import { helmInstall } from './commands';

/*
 * Adding a chart is one row of the release table plus its folder. Here the row is a worker
 * that runs the api image in the backend namespace; its folder is a copy of the backend chart
 * under another name, in a copy of k8s/. Nothing else is changed: every consumer gets the
 * table and sees the fourth release.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const root = mkdtempSync(path.join(tmpdir(), 'todo-fourth-'));
cpSync(path.join(repoRoot, 'k8s'), path.join(root, 'k8s'), {
  recursive: true,
  filter: (src) => !src.includes('node_modules'),
});
const chartDir = path.join(root, 'k8s/helm/todo-worker');
cpSync(path.join(root, 'k8s/helm/todo-backend'), chartDir, { recursive: true });
const chartYaml = path.join(chartDir, 'Chart.yaml');
writeFileSync(
  chartYaml,
  readFileSync(chartYaml, 'utf8').replace(/^name: todo-backend$/m, 'name: todo-worker'),
);

const worker: ReleaseSpec = {
  name: 'todo-worker',
  chart: 'k8s/helm/todo-worker',
  role: 'backend',
  component: 'worker',
  app: 'api',
  dependsOn: ['postgres'],
  values: ({ ns }) => ({
    set: { 'postgres.namespace': ns.data, 'networkPolicy.frontendNamespace': ns.frontend },
  }),
};
const table = [...releases, worker];
const cluster = classifyContext('minikube');
const images = { api: 'todo-api:0a1b2c3d4e5f', web: 'todo-web:5f4e3d2c1b0a' };
const plan = (built: Partial<typeof images> = {}) =>
  deployPlan({
    repoRoot: root,
    cluster,
    helm: 'helm',
    helmMajor: 4,
    kubectl: 'kubectl',
    tools: { minikube: 'minikube', kind: 'kind', k3d: 'k3d' },
    images: { ...images, ...built },
    namespacePrefix: 'todo-',
    valuesFiles: [],
    secrets: {},
    trustedOrigins: [],
    releases: table,
  });

describe('a fourth release added to the table', () => {
  it('is planned after what it depends on, with its image, chart and namespace', () => {
    const steps = plan();
    const installs = steps.filter((s) => s.kind === 'release');
    const order = installs.map((s) => s.release!);
    expect(order.filter((r) => r !== 'todo-worker')).toEqual([
      'postgres',
      'todo-backend',
      'todo-frontend',
    ]);
    expect(order.indexOf('todo-worker')).toBeGreaterThan(order.indexOf('postgres'));
    const w = helmInstall(installs.find((s) => s.release === 'todo-worker')!.args);
    expect(w).toMatchObject({
      release: 'todo-worker',
      chart: path.join(root, 'k8s/helm/todo-worker'),
      namespace: 'todo-backend',
    });
    expect(w.set).toEqual({
      'image.tag': '0a1b2c3d4e5f',
      'postgres.namespace': 'todo-data',
      'networkPolicy.frontendNamespace': 'todo-frontend',
    });
    // Two releases run the api image: it is loaded once.
    expect(steps.filter((s) => s.kind === 'load').map((s) => s.image)).toEqual([
      images.api,
      images.web,
    ]);
  });

  it('is linted with the others: helm lint --strict, render, schema and blueprint', async () => {
    const blueprint = loadBlueprint(path.join(root, 'k8s/blueprint.yaml'));
    const result = await helmLint({
      runner: realRunner,
      helm: path.join(repoRoot, '.tools/helm4/helm'),
      repoRoot: root,
      blueprint,
      releases: table,
    });
    expect(result.problems).toEqual([]);
    // Four charts, each with its defaults and one ci/*.yaml.
    expect(result.renders).toBe(8);
    const precommit = precommitPlan({
      staged: ['k8s/helm/todo-worker/values.yaml'],
      partial: [],
      tools: { prettier: 'p', eslint: 'e', turbo: 't', tsx: 'tsx', tsc: 'tsc', scriptsDir: 's' },
      hasEslintConfig: true,
      releases: table,
    });
    expect(precommit.find((c) => c.args.includes('--chart'))?.args).toContain('todo-worker');
  });

  it('is watched: its chart and its image both roll it out', async () => {
    expect(decide(['k8s/helm/todo-worker/templates/deployment.yaml'], table)).toMatchObject({
      images: [],
      releases: ['todo-worker'],
      lint: true,
    });
    expect(decide(['apps/api/src/app.ts'], table).releases).toEqual([
      'todo-backend',
      'todo-worker',
    ]);
    const ran: string[] = [];
    const statuses: string[] = [];
    const watcher = createWatcher({
      releases: table,
      current: { api: 'a0', web: 'w0' },
      nextTag: async () => 'a1',
      build: async () => 'todo-api:a1',
      lint: async () => [],
      plan: (refs, wanted, namespaces) =>
        partialPlan(plan(refs), {
          images: Object.values(refs) as string[],
          releases: wanted,
          namespaces,
        }),
      run: async (step: DeployStep) => {
        ran.push(`${step.kind} ${step.release ?? step.image}`);
        return { ok: true, output: '' };
      },
      status: (release, state) => statuses.push(`${release}:${state}`),
    });
    await watcher.onBatch(['apps/api/src/app.ts']);
    // One build and one load of the api image, then both releases that run it.
    expect(ran).toEqual(['load todo-api:a1', 'release todo-backend', 'release todo-worker']);
    expect(statuses.filter((s) => s.startsWith('todo-worker'))).toEqual([
      'todo-worker:building',
      'todo-worker:loading',
      'todo-worker:rolling out',
      'todo-worker:ready',
    ]);
  });

  it('is torn down before what it depends on, and shows in logs and agent RBAC', () => {
    const steps = teardownPlan({
      cluster,
      helm: 'helm',
      kubectl: 'kubectl',
      prefix: 'todo-',
      purge: false,
      releases: table,
    });
    const order = steps.map((s) => s.release);
    expect(order).toContain('todo-worker');
    expect(order.indexOf('todo-worker')).toBeLessThan(order.indexOf('postgres'));
    expect(steps.every((s) => s.kind === 'uninstall')).toBe(true);
    expect(
      logsArgs({ cluster, prefix: 'todo-', component: 'worker', follow: false, releases: table }),
    ).toEqual([expect.arrayContaining(['app.kubernetes.io/instance=todo-worker'])]);
    const blueprint = loadBlueprint(path.join(root, 'k8s/blueprint.yaml'));
    expect(agentNamespaces(blueprint, table)).toEqual([
      'todo-frontend',
      'todo-backend',
      'todo-data',
    ]);
    expect(rbacObjects(blueprint, table)).toEqual(rbacObjects(blueprint));
  });

  it('outside the blueprint’s scope is refused, not silently granted', () => {
    const blueprint = loadBlueprint(path.join(root, 'k8s/blueprint.yaml'));
    const narrow = { ...blueprint, scope: { ...blueprint.scope, namespaces: ['todo-frontend'] } };
    expect(() => rbacObjects(narrow, table)).toThrow(/todo-backend, todo-data .*outside/);
  });
});
