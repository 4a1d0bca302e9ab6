import type { Blueprint } from '../k8s/blueprint';
import { evaluateChecks } from '../k8s/rule-eval';
import { checksFor } from '../k8s/rules';
import { evaluatePolicy } from './cel';

/**
 * The corpus the judges of the blueprint are compared on: compliant objects of every kind the
 * rules judge, one violation per rule, and seeded random mutations (the same seed gives the
 * same corpus, so a disagreement can be replayed). Mutations keep objects valid for the API
 * schema, so the API server can be the third judge; the few it cannot take on create (an
 * ephemeral container) are marked.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CorpusEntry {
  name: string;
  object: Json;
  /**
   * Ephemeral containers cannot be created with a Pod: the API server judges these as an
   * update of an existing Pod's `ephemeralcontainers` subresource (what `kubectl debug` does).
   */
  viaDebug?: boolean;
}

const container = (name = 'app', image = 'todo-api:3f2a9c1b7d4e'): Json => ({
  name,
  image,
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  },
  resources: {
    requests: { cpu: '10m', memory: '16Mi' },
    limits: { cpu: '100m', memory: '64Mi' },
  },
  livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
  readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
});

const podSpec = (): Json => ({
  automountServiceAccountToken: false,
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containers: [container()],
});

const labels = { 'app.kubernetes.io/name': 'corpus' };
const meta = (name: string) => ({ name, labels });
const template = () => ({ metadata: { labels }, spec: podSpec() });
const selector = { matchLabels: labels };

/** One compliant object per kind the rules judge. */
export function compliantObjects(): CorpusEntry[] {
  const runOnce = () => ({ ...podSpec(), restartPolicy: 'Never' });
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('deploy'),
      spec: { selector, template: template() },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('sts'),
      spec: { serviceName: 'sts', selector, template: template() },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('ds'),
      spec: { selector, template: template() },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('rs'),
      spec: { selector, template: template() },
    },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('pod'), spec: podSpec() },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('job'),
      spec: { template: { spec: runOnce() } },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('cron'),
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: runOnce() } } } },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('cm'),
      data: { LOG_LEVEL: 'info', API_URL: 'http://todo-backend.todo-backend.svc:80' },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta('sa'),
      automountServiceAccountToken: false,
    },
  ].map((object) => ({ name: `compliant ${object.kind}`, object }));
}

const clone = <T>(v: T): T => structuredClone(v);
const podOf = (o: Json): Json =>
  o.kind === 'Pod'
    ? o.spec
    : o.kind === 'CronJob'
      ? o.spec.jobTemplate.spec.template.spec
      : o.spec.template.spec;

const hex64 = 'a'.repeat(64);

/** Exactly one rule broken per entry, on a Deployment (or the kind the rule is about). */
export function oneViolationPerRule(): CorpusEntry[] {
  const base = () => clone(compliantObjects()[0]!.object);
  const on = (name: string, f: (o: Json, c: Json, p: Json) => void, make = base): CorpusEntry => {
    const o = make();
    const p = (o.kind === 'ConfigMap' || o.kind === 'ServiceAccount' ? {} : podOf(o)) as Json;
    f(o, p.containers?.[0], p);
    return { name, object: o };
  };
  const byKind = (kind: string) => () =>
    clone(compliantObjects().find((e) => e.object.kind === kind)!.object);
  return [
    on('non-root: runAsUser 0', (_o, _c, p) => (p.securityContext.runAsUser = 0)),
    on(
      'non-root: container overrides runAsNonRoot',
      (_o, c) => (c.securityContext.runAsNonRoot = false),
    ),
    on('no-privilege-escalation', (_o, c) => (c.securityContext.allowPrivilegeEscalation = true)),
    on(
      'drop-all-capabilities: adds one back',
      (_o, c) => (c.securityContext.capabilities.add = ['NET_ADMIN']),
    ),
    on(
      'seccomp-runtime-default: Unconfined',
      (_o, _c, p) => (p.securityContext.seccompProfile = { type: 'Unconfined' }),
    ),
    on('read-only-root-filesystem', (_o, c) => (c.securityContext.readOnlyRootFilesystem = false)),
    on(
      'no-host-access: hostPath',
      (_o, _c, p) => (p.volumes = [{ name: 'h', hostPath: { path: '/etc' } }]),
    ),
    on('no-host-access: hostNetwork', (_o, _c, p) => (p.hostNetwork = true)),
    on('resources-required', (_o, c) => delete c.resources.limits.memory),
    on('probes-required: same probe twice', (_o, c) => (c.readinessProbe = clone(c.livenessProbe))),
    on(
      'probes-required: ReplicaSet without probes',
      (_o, c) => delete c.livenessProbe,
      byKind('ReplicaSet'),
    ),
    on('no-latest-tag', (_o, c) => (c.image = 'todo-api:latest')),
    on('no-latest-tag: untagged', (_o, c) => (c.image = 'todo-api')),
    on('allowed-images', (_o, c) => (c.image = 'registry.example/evil/miner:1.0')),
    on('no-literal-secret-env: name', (_o, c) =>
      c.env.push({ name: 'DB_PASSWORD', value: 'hunter2' }),
    ),
    on('no-literal-secret-env: credential URL', (_o, c) =>
      c.env.push({ name: 'DATABASE_URL', value: 'postgres://todo:pw@db:5432/todo' }),
    ),
    on('no-service-account-token', (_o, _c, p) => delete p.automountServiceAccountToken),
    on(
      'no-service-account-token: ServiceAccount',
      (o) => delete o.automountServiceAccountToken,
      byKind('ServiceAccount'),
    ),
    on('no-secrets-in-configmaps: key', (o) => (o.data.API_TOKEN = 'x'), byKind('ConfigMap')),
    on(
      'no-secrets-in-configmaps: URL on a later line',
      (o) => (o.data['app.env'] = 'A=1\nURL=redis://u:pw@cache:6379\n'),
      byKind('ConfigMap'),
    ),
  ];
}

/** A small deterministic PRNG (mulberry32), so a corpus is replayable from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const images = [
  'todo-api:1.2.3',
  'todo-web',
  'todo-web:latest',
  'registry.local:5000/todo/todo-api:abc',
  'nginx:1.27',
  `postgres@sha256:${hex64}`,
  'evil/todo-api-x:1',
  `todo-api:1@sha256:${hex64}`,
  'todo-api:',
];
const envNames = ['LOG_LEVEL', 'DB_PASSWORD', 'api_key', 'DATABASE_URL', 'OAUTH_URL', 'PORT'];
const envValues = [
  'info',
  'postgres://u:p@db/x',
  'hunter2',
  'http://host/x',
  'line1\nhttps://a:b@c/',
];

type Mutation = (o: Json, r: () => number) => boolean | void;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const mutations: Mutation[] = [
  (o, r) => {
    const p = podOf(o);
    const scs = [p.securityContext, ...p.containers.map((c: Json) => (c.securityContext ??= {}))];
    const sc = pick(r, scs);
    const [key, values] = pick(r, [
      ['runAsUser', [0, 1000, 65534]],
      ['runAsNonRoot', [true, false]],
      [
        'seccompProfile',
        [
          { type: 'RuntimeDefault' },
          { type: 'Unconfined' },
          { type: 'Localhost', localhostProfile: 'p.json' },
        ],
      ],
    ] as const);
    if (sc) sc[key] = clone(pick(r, values as readonly unknown[]));
  },
  (o, r) => {
    const c = pick(r, podOf(o).containers as Json[]);
    const [key, values] = pick(r, [
      ['allowPrivilegeEscalation', [true, false]],
      ['privileged', [true, false]],
      ['readOnlyRootFilesystem', [true, false]],
      [
        'capabilities',
        [
          { drop: ['ALL'] },
          { drop: ['ALL'], add: ['NET_ADMIN'] },
          { drop: ['NET_RAW'] },
          {},
          { drop: ['ALL'], add: [] },
        ],
      ],
    ] as const);
    c.securityContext[key] = clone(pick(r, values as readonly unknown[]));
  },
  (o, r) => {
    const c = pick(r, podOf(o).containers as Json[]);
    c.image = pick(r, images);
  },
  (o, r) => {
    const c = pick(r, podOf(o).containers as Json[]);
    c.env.push(
      r() < 0.3
        ? { name: pick(r, envNames) + '_REF', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }
        : { name: `${pick(r, envNames)}_${c.env.length}`, value: pick(r, envValues) },
    );
  },
  (o, r) => {
    const c = pick(r, podOf(o).containers as Json[]);
    const probe = pick(r, ['livenessProbe', 'readinessProbe']);
    if (r() < 0.5) delete c[probe];
    else c.readinessProbe = clone(c.livenessProbe ?? { tcpSocket: { port: 8080 } });
  },
  (o, r) => {
    const c = pick(r, podOf(o).containers as Json[]);
    const group = pick(r, ['requests', 'limits']);
    delete c.resources[group][pick(r, ['cpu', 'memory'])];
  },
  (o, r) => {
    const p = podOf(o);
    const key = pick(r, ['hostNetwork', 'hostPID', 'hostIPC', 'automountServiceAccountToken']);
    p[key] = r() < 0.5;
  },
  (o, r) => {
    const p = podOf(o);
    p.volumes = [
      r() < 0.5 ? { name: 'tmp', emptyDir: {} } : { name: 'host', hostPath: { path: '/var/run' } },
    ];
  },
  (o, r) => {
    const p = podOf(o);
    (p.initContainers ??= []).push({
      ...clone(p.containers[0]),
      name: `init${p.initContainers.length}`,
      image: pick(r, images),
    });
    delete p.initContainers.at(-1).livenessProbe;
    delete p.initContainers.at(-1).readinessProbe;
  },
];

const cmMutations: Mutation[] = [
  (o, r) =>
    void (o.data[`${pick(r, envNames)}_${Object.keys(o.data).length}`] = pick(r, envValues)),
  (o, r) => void (o.data['settings.yaml'] = `url: ${pick(r, envValues)}\n`),
];

/** `count` objects, each a compliant one with 1–3 random mutations. */
export function randomMutations(seed: number, count: number): CorpusEntry[] {
  const r = prng(seed);
  const bases = compliantObjects().filter((e) => e.object.kind !== 'ServiceAccount');
  const out: CorpusEntry[] = [];
  for (let i = 0; i < count; i++) {
    const object = clone(pick(r, bases).object);
    const ops = object.kind === 'ConfigMap' ? cmMutations : mutations;
    const n = 1 + Math.floor(r() * 3);
    for (let j = 0; j < n; j++) pick(r, ops)(object, r);
    // The API schema refuses privileged with allowPrivilegeEscalation false: keep it valid.
    const pod = object.kind === 'ConfigMap' ? {} : podOf(object);
    for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])])
      if (c.securityContext?.privileged === true) c.securityContext.allowPrivilegeEscalation = true;
    object.metadata.name = `mut-${seed}-${i}`;
    out.push({ name: `random ${seed}/${i} (${object.kind})`, object });
  }
  // An ephemeral container (kubectl debug) that runs as root: judged offline only.
  const pod = clone(compliantObjects().find((e) => e.object.kind === 'Pod')!.object);
  pod.spec.ephemeralContainers = [
    { name: 'debug', image: 'todo-api:1', securityContext: { runAsUser: 0 } },
  ];
  out.push({ name: 'Pod with a root ephemeral container', object: pod, viaDebug: true });
  // A compliant one: ephemeral containers may not declare resources, and need none.
  const ok = clone(pod);
  ok.spec.ephemeralContainers = [
    { name: 'debug', image: 'todo-api:1', securityContext: clone(container().securityContext) },
  ];
  out.push({ name: 'Pod with a compliant ephemeral container', object: ok, viaDebug: true });
  return out;
}

/** The constraint ids the TypeScript checker says an object breaks. */
export function tsVerdict(bp: Blueprint, object: Json): string[] {
  return bp.constraints
    .filter((c) => evaluateChecks(checksFor(c.id, c.params ?? {}), object).length > 0)
    .map((c) => c.id);
}

/** The constraint ids the policy's CEL (evaluated by @bufbuild/cel) rejects an object for. */
export function celVerdict(policy: Parameters<typeof evaluatePolicy>[0], object: Json): string[] {
  return evaluatePolicy(policy, object).map((m) => /\[([a-z0-9-]+)\]/.exec(m)?.[1] ?? m);
}
