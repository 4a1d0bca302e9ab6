import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyContext, loadImageCommand, resolveCluster, type Cluster } from '../src/cluster';
import { deployPlan, diagnose, formatPlan, runPlan, type DeployOptions } from '../src/deploy';
import { recordingRunner } from '../src/runner';

/*
 * The cluster side is a FAKE: kubectl/helm answers below are recorded from the tools'
 * documented output formats (kubectl -o json pod lists, custom-columns events, logs).
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, 'fixtures/kubectl', name), 'utf8');

const unixTools = { minikube: 'minikube', kind: 'kind', k3d: 'k3d' };
const options = (cluster: Cluster, overrides: Partial<DeployOptions> = {}): DeployOptions => ({
  repoRoot,
  cluster,
  helm: 'helm',
  helmMajor: 4,
  kubectl: 'kubectl',
  tools: unixTools,
  images: { api: 'todo-api:0a1b2c3d4e5f', web: 'todo-web:5f4e3d2c1b0a' },
  namespacePrefix: 'todo-',
  valuesFiles: [],
  secrets: {},
  trustedOrigins: ['http://127.0.0.1:8080'],
  ...overrides,
});

describe('cluster detection', () => {
  it.each([
    ['minikube', undefined, 'minikube', 'minikube'],
    ['dev', 'minikube.sigs.k8s.io', 'minikube', 'dev'],
    ['kind-todo', undefined, 'kind', 'todo'],
    ['k3d-lab', undefined, 'k3d', 'lab'],
    ['docker-desktop', undefined, 'docker-desktop', 'docker-desktop'],
    ['gke_acme_europe-west1_prod', undefined, 'other', 'gke_acme_europe-west1_prod'],
  ])('%s (%s) is %s', (context, provider, kind, name) => {
    expect(classifyContext(context, provider)).toEqual({ context, kind, name });
  });

  it('refuses a non-local current context, but accepts it when named with --context', async () => {
    const { runner } = recordingRunner((_cmd, args) =>
      args[1] === 'current-context'
        ? { stdout: 'gke_acme_europe-west1_prod\n' }
        : { stdout: '{"clusters":[{"cluster":{}}]}' },
    );
    await expect(resolveCluster(runner, 'kubectl')).rejects.toThrow(
      /not a local cluster.*--context/,
    );
    await expect(
      resolveCluster(runner, 'kubectl', 'gke_acme_europe-west1_prod'),
    ).resolves.toMatchObject({ kind: 'other' });
  });

  it('says what to do when there is no cluster at all', async () => {
    const { runner } = recordingRunner(() => ({
      exitCode: 1,
      stderr: 'error: current-context is not set',
    }));
    await expect(resolveCluster(runner, 'kubectl')).rejects.toThrow(/minikube start/);
  });

  it('recognises a renamed minikube profile from the kubeconfig extension', async () => {
    const { runner } = recordingRunner((_cmd, args) =>
      args[1] === 'current-context'
        ? { stdout: 'work\n' }
        : {
            stdout: JSON.stringify({
              clusters: [
                {
                  cluster: {
                    extensions: [
                      { name: 'cluster_info', extension: { provider: 'minikube.sigs.k8s.io' } },
                    ],
                  },
                },
              ],
            }),
          },
    );
    await expect(resolveCluster(runner, 'kubectl')).resolves.toEqual({
      context: 'work',
      kind: 'minikube',
      name: 'work',
    });
  });
});

describe('deploy plans', () => {
  const clusters: Cluster[] = [
    classifyContext('minikube'),
    classifyContext('kind-todo'),
    classifyContext('k3d-lab'),
    classifyContext('docker-desktop'),
  ];

  it.each(clusters)('loads images the $kind way', (cluster) => {
    const loads = deployPlan(options(cluster)).filter((s) => s.title.startsWith('load'));
    const expected = {
      minikube: [['minikube', 'image', 'load', 'todo-api:0a1b2c3d4e5f', '--profile', 'minikube']],
      kind: [['kind', 'load', 'docker-image', 'todo-api:0a1b2c3d4e5f', '--name', 'todo']],
      k3d: [['k3d', 'image', 'import', 'todo-api:0a1b2c3d4e5f', '--cluster', 'lab']],
      'docker-desktop': [],
      other: [],
    }[cluster.kind];
    expect(loads.map((s) => [s.command, ...s.args]).slice(0, 1)).toEqual(expected);
    expect(loads).toHaveLength(expected.length ? 2 : 0);
  });

  it('installs postgres, then the backend, then the frontend, with Helm waiting and rolling back', () => {
    const steps = deployPlan(options(clusters[0]!));
    const helm = steps.filter((s) => s.command === 'helm');
    expect(helm.map((s) => s.args[2])).toEqual(['postgres', 'todo-backend', 'todo-frontend']);
    for (const s of helm) {
      expect(s.args).toEqual(
        expect.arrayContaining([
          'upgrade',
          '--install',
          '--wait',
          '--rollback-on-failure',
          '--kube-context',
          'minikube',
        ]),
      );
      expect(s.args).not.toContain('--atomic');
    }
    expect(helm[1]!.args).toEqual(
      expect.arrayContaining([
        '--set',
        'image.tag=0a1b2c3d4e5f',
        '--set',
        'postgres.namespace=todo-data',
      ]),
    );
    expect(helm[2]!.args).toEqual(
      expect.arrayContaining([
        '--set',
        'image.tag=5f4e3d2c1b0a',
        '--set',
        'backend.namespace=todo-backend',
      ]),
    );
  });

  it('uses --atomic with Helm 3', () => {
    const helm = deployPlan(options(clusters[0]!, { helmMajor: 3 })).filter(
      (s) => s.command === 'helm',
    );
    for (const s of helm) {
      expect(s.args).toContain('--atomic');
      expect(s.args).not.toContain('--rollback-on-failure');
    }
  });

  it('applies namespaces with the prefix and the restricted Pod Security label', () => {
    const ns = deployPlan(options(clusters[1]!, { namespacePrefix: 'alice-' })).find(
      (s) => s.command === 'kubectl',
    )!;
    expect(ns.args).toEqual(['apply', '--context', 'kind-todo', '-f', '-']);
    expect(ns.input).toMatch(/name: alice-frontend/);
    expect(ns.input).toMatch(/name: alice-data/);
    expect(ns.input).not.toMatch(/name: todo-/);
    expect(ns.input).toMatch(/pod-security.kubernetes.io\/enforce: restricted/);
  });

  it('runs Windows executables by their full path', () => {
    const tools = {
      minikube: 'C:\\Program Files\\Kubernetes\\Minikube\\minikube.exe',
      kind: 'kind.exe',
      k3d: 'k3d.exe',
    };
    const steps = deployPlan(
      options(clusters[0]!, { tools, helm: 'C:\\helm\\helm.exe', kubectl: 'C:\\kubectl.exe' }),
    );
    expect(steps[0]!.command).toBe('C:\\Program Files\\Kubernetes\\Minikube\\minikube.exe');
    expect(
      steps.filter((s) => s.title.includes('→')).every((s) => s.command === 'C:\\helm\\helm.exe'),
    ).toBe(true);
    expect(formatPlan(steps)).toContain(
      'C:\\Program Files\\Kubernetes\\Minikube\\minikube.exe image load',
    );
  });

  it('passes secrets on stdin and never prints them in the plan', () => {
    const steps = deployPlan(
      options(clusters[0]!, { secrets: { openaiApiKey: 'sk-live-SECRET-value' } }),
    );
    const backend = steps.find((s) => s.args[2] === 'todo-backend')!;
    expect(backend.args.slice(-2)).toEqual(['--values', '-']);
    expect(backend.input).toContain('sk-live-SECRET-value');
    const plan = formatPlan(steps);
    expect(plan).not.toContain('sk-live-SECRET-value');
    expect(plan).toContain('stdin: secrets.openaiApiKey from OPENAI_API_KEY');
    expect(plan.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(6);
  });

  it('passes --values files to every chart', () => {
    const helm = deployPlan(options(clusters[0]!, { valuesFiles: ['my-values.yaml'] })).filter(
      (s) => s.command === 'helm',
    );
    for (const s of helm)
      expect(s.args).toEqual(expect.arrayContaining(['--values', 'my-values.yaml']));
  });
});

describe('a warm redeploy', () => {
  it('skips loading images minikube already has', async () => {
    const { runner, calls } = recordingRunner((_cmd, args) =>
      args[1] === 'ls'
        ? { stdout: 'docker.io/library/todo-api:0a1b2c3d4e5f\nregistry.k8s.io/pause:3.10\n' }
        : {},
    );
    const results = await runPlan(runner, deployPlan(options(classifyContext('minikube'))));
    expect(results.filter((r) => r.skipped).map((r) => r.step.title)).toEqual([
      'load todo-api:0a1b2c3d4e5f into minikube',
    ]);
    expect(calls.filter((c) => c.args[1] === 'load').map((c) => c.args[2])).toEqual([
      'todo-web:5f4e3d2c1b0a',
    ]);
  });
});

describe('a failed rollout', () => {
  it('stops the plan at the failing step', async () => {
    const { runner, calls } = recordingRunner((_cmd, args) =>
      args[2] === 'todo-backend'
        ? { exitCode: 1, stderr: 'Error: UPGRADE FAILED: context deadline exceeded' }
        : {},
    );
    const results = await runPlan(runner, deployPlan(options(classifyContext('minikube'))));
    expect(results.at(-1)).toMatchObject({ ok: false });
    expect(results.at(-1)!.step.args[2]).toBe('todo-backend');
    expect(calls.some((c) => c.args[2] === 'todo-frontend')).toBe(false);
  });

  it('explains a crash loop: pod, events, last logs, cause, next command and a kubectl-ai prompt', async () => {
    const { runner } = recordingRunner((_cmd, args) => {
      if (args[0] === 'get' && args[1] === 'pods')
        return { stdout: fixture('pods-crashloop.json') };
      if (args[0] === 'get' && args[1] === 'events') {
        return {
          stdout:
            'Started   Started container api\nBackOff   Back-off restarting failed container api in pod todo-backend-7d9f8b6c5-x2k4p\n',
        };
      }
      if (args[0] === 'logs')
        return { stdout: 'Invalid configuration: AUTH_SECRET must be at least 32 characters\n' };
      return {};
    });
    const text = await diagnose(runner, 'kubectl', 'minikube', 'todo-backend', 'todo-backend');
    expect(text).toContain(
      'pod todo-backend-7d9f8b6c5-x2k4p (Running): api: CrashLoopBackOff (4 restarts)',
    );
    expect(text).toContain('BackOff: Back-off restarting failed container');
    expect(text).toContain('Invalid configuration: AUTH_SECRET must be at least 32 characters');
    expect(text).toMatch(/Likely cause: the container starts and then exits/);
    expect(text).toMatch(/Next: kubectl logs --previous -n todo-backend/);
    expect(text).toMatch(
      /Ask kubectl-ai: kubectl-ai "the todo-backend pods in namespace todo-backend/,
    );
  });

  it('recognises an image that was never loaded into the cluster', async () => {
    const { runner } = recordingRunner((_cmd, args) =>
      args[0] === 'get' && args[1] === 'pods' ? { stdout: fixture('pods-imagepull.json') } : {},
    );
    const text = await diagnose(runner, 'kubectl', 'kind-todo', 'todo-frontend', 'todo-frontend');
    expect(text).toContain('web: ErrImageNeverPull');
    expect(text).toMatch(/Likely cause: the image is not in the cluster/);
  });
});

it('load commands exist only where a cluster does not share the Docker daemon', () => {
  expect(loadImageCommand(classifyContext('docker-desktop'), 'x:1', unixTools)).toBeNull();
  expect(loadImageCommand(classifyContext('minikube'), 'x:1', unixTools)?.args[0]).toBe('image');
});
