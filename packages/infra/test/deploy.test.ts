import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  classifyContext,
  deployPlan,
  diagnose,
  watchRollout,
  formatPlan,
  loadCommands,
  defaultImageLoader,
  namespacesManifest,
  resolveCluster,
  TEST_CLUSTER_PROVIDER,
  runPlan,
  type Cluster,
  type DeployOptions,
  type DeployStep,
} from '../src/deploy';
import { loadBlueprint, parseManifests } from '../src/k8s';
import { recordingRunner } from '../src/tools';
import { helmInstall, readCommand } from './commands';

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

  it('admits the test cluster by its kubeconfig marker, with the socket it names', async () => {
    const { runner } = recordingRunner((_cmd, args) =>
      args[1] === 'current-context'
        ? { stdout: 'todo-ci\n' }
        : {
            stdout: JSON.stringify({
              clusters: [
                {
                  cluster: {
                    extensions: [
                      {
                        name: 'cluster_info',
                        extension: {
                          provider: TEST_CLUSTER_PROVIDER,
                          containerdSocket: '/run/todo-ci/c.sock',
                        },
                      },
                    ],
                  },
                },
              ],
            }),
          },
    );
    await expect(resolveCluster(runner, 'kubectl')).resolves.toEqual({
      context: 'todo-ci',
      kind: 'todo-ci',
      name: 'todo-ci',
      containerdSocket: '/run/todo-ci/c.sock',
    });
  });

  it("admits a context the blueprint's scope names, and still refuses any other", async () => {
    const current = (name: string) =>
      recordingRunner((_cmd, args) =>
        args[1] === 'current-context'
          ? { stdout: `${name}\n` }
          : { stdout: '{"clusters":[{"cluster":{}}]}' },
      ).runner;
    const scope = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml')).scope.contexts;
    await expect(
      resolveCluster(current('todo-ci'), 'kubectl', undefined, scope),
    ).resolves.toMatchObject({
      kind: 'other',
    });
    await expect(
      resolveCluster(current('rancher-desktop'), 'kubectl', undefined, scope),
    ).resolves.toMatchObject({
      context: 'rancher-desktop',
    });
    await expect(
      resolveCluster(current('todo-ci-prod'), 'kubectl', undefined, scope),
    ).rejects.toThrow(/not a local cluster/);
  });

  it("takes what counts as local from the blueprint's scope alone", async () => {
    const current = (name: string) =>
      recordingRunner((_cmd, args) =>
        args[1] === 'current-context'
          ? { stdout: `${name}\n` }
          : { stdout: '{"clusters":[{"cluster":{}}]}' },
      ).runner;
    const scope = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml')).scope.contexts;
    for (const name of ['minikube', 'kind-todo', 'k3d-lab', 'docker-desktop', 'orbstack']) {
      await expect(
        resolveCluster(current(name), 'kubectl', undefined, scope),
      ).resolves.toMatchObject({ context: name });
      // A name the blueprint does not list is not local, whatever it looks like.
      await expect(
        resolveCluster(current(name), 'kubectl', undefined, ['todo-ci']),
      ).rejects.toThrow(/not a local cluster/);
    }
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
  const installs = (steps: DeployStep[]) =>
    steps.filter((s) => s.kind === 'release').map((s) => ({ step: s, ...helmInstall(s.args) }));

  it.each(clusters)('loads both images the $kind way', (cluster) => {
    const loads = deployPlan(options(cluster)).filter((s) => s.kind === 'load');
    const expected = {
      minikube: ['minikube', 'image', 'load', 'todo-api:0a1b2c3d4e5f', '--profile', 'minikube'],
      // Through an archive: `kind load docker-image` fails with Docker's containerd image store.
      kind: [
        'kind',
        'load',
        'image-archive',
        expect.stringMatching(/todo-image-todo-api-[0-9a-f]{8}\.tar$/),
        '--name',
        'todo',
      ],
      k3d: ['k3d', 'image', 'import', 'todo-api:0a1b2c3d4e5f', '--cluster', 'lab'],
      'docker-desktop': null,
      other: null,
      // Imports through containerd: test/image-loader.test.ts.
      'todo-ci': null,
    }[cluster.kind];
    if (!expected) return expect(loads).toEqual([]);
    expect([...new Set(loads.map((s) => s.image))]).toEqual([
      'todo-api:0a1b2c3d4e5f',
      'todo-web:5f4e3d2c1b0a',
    ]);
    const api = loads.filter((s) => s.image === 'todo-api:0a1b2c3d4e5f').at(-1)!;
    expect([api.command, ...api.args]).toEqual(expected);
  });

  it('installs postgres, then the backend, then the frontend, with Helm waiting and rolling back', () => {
    const steps = deployPlan(options(clusters[0]!));
    // Loads, then the namespaces, then the releases.
    expect(steps.map((s) => s.kind)).toEqual([
      'load',
      'load',
      'namespaces',
      'release',
      'release',
      'release',
    ]);
    const helm = installs(steps);
    expect(helm.map((h) => [h.step.release, h.release, h.namespace])).toEqual([
      ['postgres', 'postgres', 'todo-data'],
      ['todo-backend', 'todo-backend', 'todo-backend'],
      ['todo-frontend', 'todo-frontend', 'todo-frontend'],
    ]);
    for (const h of helm) {
      expect(h.step.namespace).toBe(h.namespace);
      expect(h.chart).toBe(path.join(repoRoot, 'k8s/helm', h.release!));
      expect(h.context).toBe('minikube');
      expect(h.command.has('--wait')).toBe(true);
      expect(h.command.has('--rollback-on-failure')).toBe(true);
      expect(h.command.has('--atomic')).toBe(false);
    }
    const [postgres, backend, frontend] = helm;
    expect(postgres!.set).toEqual({ 'networkPolicy.clientNamespace': 'todo-backend' });
    expect(backend!.set).toEqual({
      'image.tag': '0a1b2c3d4e5f',
      'postgres.namespace': 'todo-data',
      'networkPolicy.frontendNamespace': 'todo-frontend',
    });
    expect(backend!.setString).toEqual({ 'config.trustedOrigins': 'http://127.0.0.1:8080' });
    expect(backend!.step.image).toBe('todo-api:0a1b2c3d4e5f');
    expect(frontend!.set).toEqual({
      'image.tag': '5f4e3d2c1b0a',
      'backend.namespace': 'todo-backend',
    });
  });

  it('escapes commas between trusted origins so Helm keeps them one value', () => {
    const backend = installs(
      deployPlan(
        options(clusters[0]!, {
          trustedOrigins: ['http://127.0.0.1:8080', 'http://localhost:8080'],
        }),
      ),
    ).find((h) => h.release === 'todo-backend')!;
    expect(backend.setString['config.trustedOrigins']).toBe(
      'http://127.0.0.1:8080\\,http://localhost:8080',
    );
  });

  it('uses --atomic with Helm 3', () => {
    for (const h of installs(deployPlan(options(clusters[0]!, { helmMajor: 3 })))) {
      expect(h.command.has('--atomic')).toBe(true);
      expect(h.command.has('--rollback-on-failure')).toBe(false);
    }
  });

  it('applies namespaces with the prefix and the restricted Pod Security label', () => {
    const steps = deployPlan(options(clusters[1]!, { namespacePrefix: 'alice-' }));
    const ns = steps.find((s) => s.kind === 'namespaces')!;
    const c = readCommand(ns.args);
    expect(ns.command).toBe('kubectl');
    expect(c.words).toEqual(['apply']);
    expect([c.get('--context'), c.get('--filename')]).toEqual(['kind-todo', '-']);
    const objects = parseManifests(ns.input!);
    expect(objects.map((o) => [o.kind, o.metadata?.name])).toEqual([
      ['Namespace', 'alice-frontend'],
      ['Namespace', 'alice-backend'],
      ['Namespace', 'alice-data'],
    ]);
    for (const o of objects) {
      const labels = (o.metadata as { labels: Record<string, string> }).labels;
      expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
    // The releases go into the prefixed namespaces too.
    expect(installs(steps).map((h) => h.namespace)).toEqual([
      'alice-data',
      'alice-backend',
      'alice-frontend',
    ]);
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
    const byKind = (kind: DeployStep['kind']) => [
      ...new Set(steps.filter((s) => s.kind === kind).map((s) => s.command)),
    ];
    expect(byKind('load')).toEqual(['C:\\Program Files\\Kubernetes\\Minikube\\minikube.exe']);
    expect(byKind('namespaces')).toEqual(['C:\\kubectl.exe']);
    expect(byKind('release')).toEqual(['C:\\helm\\helm.exe']);
    expect(formatPlan(steps)).toContain(
      'C:\\Program Files\\Kubernetes\\Minikube\\minikube.exe image load',
    );
  });

  it('gives a release its own values files (--values todo-backend=FILE) after the shared ones', () => {
    const steps = deployPlan(
      options(clusters[0]!, {
        valuesFiles: ['/shared.yaml'],
        releaseValues: { 'todo-backend': ['/backend-only.yaml'] },
      }),
    );
    const files = (release: string) =>
      helmInstall(steps.find((s) => s.kind === 'release' && s.release === release)!.args)
        .valuesFiles;
    expect(files('todo-backend')).toEqual(['/shared.yaml', '/backend-only.yaml']);
    expect(files('postgres')).toEqual(['/shared.yaml']);
    expect(files('todo-frontend')).toEqual(['/shared.yaml']);
  });

  it('passes secrets on stdin and never prints them in the plan', () => {
    const steps = deployPlan(
      options(clusters[0]!, { secrets: { openaiApiKey: 'sk-live-SECRET-value' } }),
    );
    const backend = steps.find((s) => s.kind === 'release' && s.release === 'todo-backend')!;
    // `--values -` reads stdin; it comes after the user's files so the secret wins.
    expect(helmInstall(backend.args).valuesFiles).toEqual(['-']);
    expect(parse(backend.input!)).toEqual({ secrets: { openaiApiKey: 'sk-live-SECRET-value' } });
    expect(backend.args.join(' ')).not.toContain('sk-live-SECRET-value');
    const plan = formatPlan(steps);
    expect(plan).not.toContain('sk-live-SECRET-value');
    expect(plan).toContain('stdin: secrets.openaiApiKey from OPENAI_API_KEY');
    expect(steps.filter((s) => s.input?.includes('sk-live')).map((s) => s.release)).toEqual([
      'todo-backend',
    ]);
  });

  it('passes --values files to every chart, before the secrets on stdin', () => {
    const steps = deployPlan(
      options(clusters[0]!, { valuesFiles: ['my-values.yaml'], secrets: { openaiApiKey: 'sk-x' } }),
    );
    for (const h of installs(steps))
      expect(h.valuesFiles).toEqual(
        h.release === 'todo-backend' ? ['my-values.yaml', '-'] : ['my-values.yaml'],
      );
  });

  it('refuses a namespaces file with a Namespace that is not the app’s', () => {
    expect(() =>
      namespacesManifest('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system\n', 'x-'),
    ).toThrow(/Namespace kube-system is not one of todo-frontend, todo-backend, todo-data/);
  });

  it('keeps the namespaces file’s comments and labels when it renames them', () => {
    const text = readFileSync(path.join(repoRoot, 'k8s/namespaces.yaml'), 'utf8');
    const renamed = namespacesManifest(text, 'bob-');
    expect(renamed).toContain("# The app's namespaces");
    expect(namespacesManifest(text, 'todo-')).toBe(text);
  });
});

describe('a warm redeploy', () => {
  it('skips loading images minikube already has', async () => {
    const { runner, calls } = recordingRunner((_cmd, args) =>
      readCommand(args).words.join(' ') === 'image ls'
        ? { stdout: 'docker.io/library/todo-api:0a1b2c3d4e5f\nregistry.k8s.io/pause:3.10\n' }
        : {},
    );
    const results = await runPlan(runner, deployPlan(options(classifyContext('minikube'))));
    expect(results.filter((r) => r.skipped).map((r) => [r.step.kind, r.step.image])).toEqual([
      ['load', 'todo-api:0a1b2c3d4e5f'],
    ]);
    expect(
      calls
        .filter((c) => c.command === 'minikube' && readCommand(c.args).words[1] === 'load')
        .map((c) => readCommand(c.args).words[2]),
    ).toEqual(['todo-web:5f4e3d2c1b0a']);
  });
});

// A migration that exits on a bad setting, as e2e:cluster check 8 makes it (its logs gone).
const crashingMigration = {
  items: [
    {
      metadata: { name: 'todo-backend-7f89947f4-lslfd' },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: {
              terminated: {
                reason: 'Error',
                exitCode: 1,
                message: 'Invalid configuration: OPENAI_BASE_URL must be a URL\n',
              },
            },
          },
        ],
        containerStatuses: [
          { name: 'api', ready: false, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    },
  ],
};

describe('a failed rollout', () => {
  it('stops the plan at the failing step', async () => {
    const installing = (args: string[]) =>
      readCommand(args).words[0] === 'upgrade' ? helmInstall(args).release : undefined;
    const { runner, calls } = recordingRunner((_cmd, args) =>
      installing(args) === 'todo-backend'
        ? { exitCode: 1, stderr: 'Error: UPGRADE FAILED: context deadline exceeded' }
        : {},
    );
    const results = await runPlan(runner, deployPlan(options(classifyContext('minikube'))));
    expect(results.at(-1)).toMatchObject({ ok: false });
    expect(results.at(-1)!.step).toMatchObject({
      kind: 'release',
      release: 'todo-backend',
      namespace: 'todo-backend',
    });
    expect(calls.map((c) => installing(c.args)).filter(Boolean)).toEqual([
      'postgres',
      'todo-backend',
    ]);
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

  it("names the cause from the pod status when Helm's rollback already removed the logs", async () => {
    // What e2e:cluster check 8 met under load: the pod still listed, its containers and logs gone.
    const { runner } = recordingRunner((_cmd, args) => {
      if (args[0] === 'get' && args[1] === 'pods')
        return { stdout: JSON.stringify(crashingMigration) };
      if (args[0] === 'logs') return { exitCode: 1, stderr: 'Error from server (NotFound)' };
      return {};
    });
    const text = await diagnose(runner, 'kubectl', 'todo-ci', 'todo-backend', 'todo-backend');
    expect(text).toContain('migrate: CrashLoopBackOff (3 restarts)');
    expect(text).toContain(
      '[migrate, last exit] Invalid configuration: OPENAI_BASE_URL must be a URL',
    );
  });

  it('explains a failure from what it saw during the rollout when the rollback removed the pods', async () => {
    // e2e:cluster check 8 in a full run: Helm returned after its rollback had deleted the pod.
    let gone = false;
    let looked = 0;
    const { runner } = recordingRunner((_cmd, args) => {
      if (args[0] === 'get' && args[1] === 'pods') {
        if (gone) return { stdout: '{"items":[]}' };
        looked++;
        return { stdout: JSON.stringify(crashingMigration) };
      }
      if (args[0] === 'logs') return { exitCode: 1, stderr: 'Error from server (NotFound)' };
      return {};
    });
    const watch = watchRollout(runner, 'kubectl', 'todo-ci', 'todo-backend', 'todo-backend', 1);
    while (looked === 0) await new Promise((r) => setTimeout(r, 5));
    gone = true;
    const text = await watch.diagnose();
    expect(text).toContain('The failing pods were gone when Helm returned');
    expect(text).toContain(
      '[migrate, last exit] Invalid configuration: OPENAI_BASE_URL must be a URL',
    );
    expect(text).toMatch(/Likely cause: the container starts and then exits/);
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
  const load = (context: string) => {
    const cluster = classifyContext(context);
    return loadCommands(defaultImageLoader(cluster), cluster, 'x:1', {
      ...unixTools,
      docker: 'docker',
      ctr: 'ctr',
    });
  };
  expect(load('docker-desktop')).toEqual([]);
  expect(load('minikube').map((c) => [c.command, ...c.args])).toEqual([
    ['minikube', 'image', 'load', 'x:1', '--profile', 'minikube'],
  ]);
});
