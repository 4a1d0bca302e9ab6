import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/** k8s/blueprint.yaml, parsed and checked for shape. */
const Constraint = z.strictObject({
  id: z.string(),
  description: z.string(),
  hint: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const Blueprint = z.strictObject({
  apiVersion: z.literal('blueprint.todo.dev/v1'),
  kind: z.literal('Blueprint'),
  metadata: z.strictObject({
    name: z.string(),
    version: z.string(),
    description: z.string().optional(),
  }),
  constraints: z.array(Constraint),
  patterns: z.strictObject({
    requiredLabels: z.array(z.string()),
    probeEndpoints: z.record(
      z.string(),
      z.strictObject({ startup: z.string(), liveness: z.string(), readiness: z.string() }),
    ),
    maxContainersPerPod: z.number().int().min(1),
  }),
  scope: z.strictObject({
    contexts: z.array(z.string()),
    namespaces: z.array(z.string()),
    kinds: z.array(z.string()),
    automation: z.strictObject({ mayChange: z.array(z.string()), needsHuman: z.array(z.string()) }),
  }),
});
export type Blueprint = z.infer<typeof Blueprint>;

export function loadBlueprint(file: string): Blueprint {
  const parsed = Blueprint.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  for (const c of parsed.data.constraints) {
    if (!(c.id in checks)) throw new Error(`${file}: constraint "${c.id}" has no checker`);
  }
  return parsed.data;
}

export interface Violation {
  rule: string;
  /** e.g. `Deployment todo-backend/todo-backend` */
  object: string;
  field: string;
  message: string;
  hint: string;
}

type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
};

interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  securityContext?: Record<string, unknown> & {
    capabilities?: { drop?: string[]; add?: string[] };
  };
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  /** Added by `kubectl debug` (pods/ephemeralcontainers): held to the same security rules. */
  ephemeralContainers?: Container[];
  securityContext?: Record<string, unknown>;
  volumes?: { hostPath?: unknown }[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  automountServiceAccountToken?: boolean;
}

/** The pod template of a workload, with the path to it. */
function podOf(obj: K8sObject): { spec: PodSpec; path: string; longRunning: boolean } | null {
  const spec = obj.spec as Record<string, unknown> | undefined;
  switch (obj.kind) {
    case 'Pod':
      return { spec: (spec ?? {}) as PodSpec, path: 'spec', longRunning: false };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
      return {
        spec: ((spec?.template as { spec?: PodSpec })?.spec ?? {}) as PodSpec,
        path: 'spec.template.spec',
        longRunning: true,
      };
    case 'Job':
      return {
        spec: ((spec?.template as { spec?: PodSpec })?.spec ?? {}) as PodSpec,
        path: 'spec.template.spec',
        longRunning: false,
      };
    case 'CronJob': {
      const job = (spec?.jobTemplate as { spec?: { template?: { spec?: PodSpec } } })?.spec;
      return {
        spec: job?.template?.spec ?? {},
        path: 'spec.jobTemplate.spec.template.spec',
        longRunning: false,
      };
    }
    default:
      return null;
  }
}

type Found = { field: string; message: string };
type Check = (obj: K8sObject, blueprint: Blueprint, params: Record<string, unknown>) => Found[];

/** Every container of a pod, init containers included, with its path. */
function containersOf(spec: PodSpec, path: string) {
  return [
    ...(spec.initContainers ?? []).map((c, i) => ({
      c,
      path: `${path}.initContainers[${i}]`,
      init: true,
    })),
    ...(spec.containers ?? []).map((c, i) => ({
      c,
      path: `${path}.containers[${i}]`,
      init: false,
    })),
    // Ephemeral containers may not declare resources or probes; every other rule holds.
    ...(spec.ephemeralContainers ?? []).map((c, i) => ({
      c,
      path: `${path}.ephemeralContainers[${i}]`,
      init: false,
      ephemeral: true,
    })),
  ];
}

// The name's last word says secret (DB_PASSWORD, AUTH_SECRET, OPENAI_API_KEY, BASIC_AUTH); a
// name that only starts with one (AUTH_URL, TOKEN_TTL) holds no secret.
const secretName = /(pass(word)?|secret|token|api[_-]?key|private[_-]?key|credentials?|auth)$/i;
const credentialUrl = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/** Pod-level setting, overridable per container. */
const effective = (c: Container, pod: PodSpec, key: string) =>
  c.securityContext?.[key] ?? pod.securityContext?.[key];

function imageParts(image: string): { name: string; tag: string | null; digest: boolean } {
  const digest = image.includes('@');
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : null;
  const ref = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  return { name: ref.split('/').at(-1)!, tag, digest };
}

const podChecks =
  (fn: (pod: PodSpec, path: string, longRunning: boolean, obj: K8sObject) => Found[]): Check =>
  (obj) => {
    const pod = podOf(obj);
    return pod ? fn(pod.spec, pod.path, pod.longRunning, obj) : [];
  };

const checks: Record<string, Check> = {
  'non-root': podChecks((pod, path) =>
    containersOf(pod, path).flatMap(({ c, path: p }) => {
      const out: Found[] = [];
      if (effective(c, pod, 'runAsNonRoot') !== true) {
        out.push({
          field: `${p}.securityContext.runAsNonRoot`,
          message: `container "${c.name}" may run as root`,
        });
      }
      const uid = effective(c, pod, 'runAsUser');
      if (typeof uid !== 'number' || uid <= 0) {
        out.push({
          field: `${p}.securityContext.runAsUser`,
          message: `container "${c.name}" has runAsUser ${uid === undefined ? 'unset' : String(uid)}; a numeric id above 0 is required`,
        });
      }
      return out;
    }),
  ),
  'no-privilege-escalation': podChecks((pod, path) =>
    containersOf(pod, path)
      .filter(({ c }) => c.securityContext?.allowPrivilegeEscalation !== false)
      .map(({ c, path: p }) => ({
        field: `${p}.securityContext.allowPrivilegeEscalation`,
        message: `container "${c.name}" does not set allowPrivilegeEscalation: false`,
      })),
  ),
  'drop-all-capabilities': podChecks((pod, path) =>
    containersOf(pod, path)
      .filter(
        ({ c }) =>
          !c.securityContext?.capabilities?.drop?.includes('ALL') ||
          (c.securityContext.capabilities.add?.length ?? 0) > 0,
      )
      .map(({ c, path: p }) => ({
        field: `${p}.securityContext.capabilities`,
        message: `container "${c.name}" does not drop ALL capabilities (or adds some back)`,
      })),
  ),
  'seccomp-runtime-default': podChecks((pod, path) =>
    containersOf(pod, path)
      .filter(({ c }) => {
        const profile = (c.securityContext?.seccompProfile ??
          pod.securityContext?.seccompProfile) as { type?: string } | undefined;
        return profile?.type !== 'RuntimeDefault' && profile?.type !== 'Localhost';
      })
      .map(({ c, path: p }) => ({
        field: `${p}.securityContext.seccompProfile.type`,
        message: `container "${c.name}" has no RuntimeDefault seccomp profile`,
      })),
  ),
  'read-only-root-filesystem': podChecks((pod, path) =>
    containersOf(pod, path)
      .filter(({ c }) => c.securityContext?.readOnlyRootFilesystem !== true)
      .map(({ c, path: p }) => ({
        field: `${p}.securityContext.readOnlyRootFilesystem`,
        message: `container "${c.name}" has a writable root filesystem`,
      })),
  ),
  'no-host-access': podChecks((pod, path) => {
    const out: Found[] = [];
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (pod[key]) out.push({ field: `${path}.${key}`, message: `${key} is enabled` });
    }
    (pod.volumes ?? []).forEach((v, i) => {
      if (v.hostPath)
        out.push({ field: `${path}.volumes[${i}].hostPath`, message: 'mounts a hostPath volume' });
    });
    for (const { c, path: p } of containersOf(pod, path)) {
      if (c.securityContext?.privileged)
        out.push({
          field: `${p}.securityContext.privileged`,
          message: `container "${c.name}" is privileged`,
        });
    }
    return out;
  }),
  'resources-required': podChecks((pod, path) =>
    containersOf(pod, path)
      .filter((x) => !('ephemeral' in x))
      .flatMap(({ c, path: p }) =>
        (['requests', 'limits'] as const).flatMap((kind) =>
          (['cpu', 'memory'] as const)
            .filter((r) => c.resources?.[kind]?.[r] === undefined)
            .map((r) => ({
              field: `${p}.resources.${kind}.${r}`,
              message: `container "${c.name}" has no ${r} ${kind.slice(0, -1)}`,
            })),
        ),
      ),
  ),
  'probes-required': podChecks((pod, path, longRunning) =>
    longRunning
      ? containersOf(pod, path)
          .filter((x) => !x.init && !('ephemeral' in x))
          .flatMap(({ c, path: p }) => {
            const out: Found[] = [];
            if (!c.livenessProbe)
              out.push({
                field: `${p}.livenessProbe`,
                message: `container "${c.name}" has no liveness probe`,
              });
            if (!c.readinessProbe)
              out.push({
                field: `${p}.readinessProbe`,
                message: `container "${c.name}" has no readiness probe`,
              });
            if (
              c.livenessProbe &&
              c.readinessProbe &&
              JSON.stringify(c.livenessProbe) === JSON.stringify(c.readinessProbe)
            ) {
              out.push({
                field: `${p}.readinessProbe`,
                message: `container "${c.name}" uses the same probe for liveness and readiness`,
              });
            }
            return out;
          })
      : [],
  ),
  'no-latest-tag': podChecks((pod, path) =>
    containersOf(pod, path).flatMap(({ c, path: p }) => {
      const { tag, digest } = imageParts(c.image ?? '');
      if (digest) return [];
      if (!tag) return [{ field: `${p}.image`, message: `image "${c.image}" has no tag` }];
      if (tag === 'latest')
        return [{ field: `${p}.image`, message: `image "${c.image}" uses the latest tag` }];
      return [];
    }),
  ),
  'allowed-images': (obj, _bp, params) => {
    const allowed = (params.images as string[] | undefined) ?? [];
    const pod = podOf(obj);
    if (!pod) return [];
    return containersOf(pod.spec, pod.path)
      .filter(({ c }) => !allowed.includes(imageParts(c.image ?? '').name))
      .map(({ c, path: p }) => ({
        field: `${p}.image`,
        message: `image "${c.image}" is not one of ${allowed.join(', ')}`,
      }));
  },
  'no-secrets-in-configmaps': (obj) => {
    if (obj.kind !== 'ConfigMap') return [];
    const data = (obj.data ?? {}) as Record<string, string>;
    return Object.entries(data)
      .filter(([k, v]) => secretName.test(k) || credentialUrl.test(String(v)))
      .map(([k]) => ({ field: `data.${k}`, message: `ConfigMap key "${k}" looks like a secret` }));
  },
  'no-literal-secret-env': podChecks((pod, path) =>
    containersOf(pod, path).flatMap(({ c, path: p }) =>
      (c.env ?? [])
        .map((e, i) => ({ e, i }))
        .filter(
          ({ e }) =>
            e.value !== undefined && (secretName.test(e.name) || credentialUrl.test(e.value)),
        )
        .map(({ e, i }) => ({
          field: `${p}.env[${i}].value`,
          message: `env ${e.name} is a literal secret value`,
        })),
    ),
  ),
  'no-service-account-token': (obj) => {
    if (obj.kind === 'ServiceAccount') {
      return obj.automountServiceAccountToken === false
        ? []
        : [
            {
              field: 'automountServiceAccountToken',
              message: 'the ServiceAccount mounts its token into pods by default',
            },
          ];
    }
    const pod = podOf(obj);
    if (!pod || pod.spec.automountServiceAccountToken === false) return [];
    return [
      {
        field: `${pod.path}.automountServiceAccountToken`,
        message: 'pods get a service account token they do not use',
      },
    ];
  },
};

/** Pattern checks: labels, probe endpoints, sidecars, scope. */
function patternViolations(obj: K8sObject, bp: Blueprint): Found[] {
  const out: Found[] = [];
  const labels = obj.metadata?.labels ?? {};
  for (const label of bp.patterns.requiredLabels) {
    // Namespaces are shared objects outside any release.
    if (obj.kind !== 'Namespace' && !labels[label]) {
      out.push({ field: `metadata.labels["${label}"]`, message: `missing label ${label}` });
    }
  }
  const pod = podOf(obj);
  if (pod) {
    const app = pod.spec.containers ?? [];
    if (app.length > bp.patterns.maxContainersPerPod) {
      out.push({
        field: `${pod.path}.containers`,
        message: `${app.length} containers; at most ${bp.patterns.maxContainersPerPod} (no sidecars)`,
      });
    }
    if (pod.longRunning) {
      app.forEach((c, i) => {
        const expected = bp.patterns.probeEndpoints[imageParts(c.image ?? '').name];
        if (!expected) return;
        for (const probe of ['startup', 'liveness', 'readiness'] as const) {
          const actual = (c[`${probe}Probe`] as { httpGet?: { path?: string } } | undefined)
            ?.httpGet?.path;
          if (actual !== expected[probe]) {
            out.push({
              field: `${pod.path}.containers[${i}].${probe}Probe.httpGet.path`,
              message: `${probe} probe path is ${actual ?? 'unset'}; the blueprint says ${expected[probe]}`,
            });
          }
        }
      });
    }
  }
  if (obj.kind && !bp.scope.kinds.includes(obj.kind)) {
    out.push({ field: 'kind', message: `kind ${obj.kind} is outside the blueprint's scope` });
  }
  const ns = obj.kind === 'Namespace' ? obj.metadata?.name : obj.metadata?.namespace;
  if (ns && !bp.scope.namespaces.includes(ns)) {
    out.push({
      field: obj.kind === 'Namespace' ? 'metadata.name' : 'metadata.namespace',
      message: `namespace ${ns} is outside the blueprint's scope`,
    });
  }
  return out;
}

export function describeObject(obj: K8sObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind ?? '?'} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? '?'}`;
}

/** Checks objects against every constraint and pattern; each violation names object, field and rule. */
export function checkBlueprint(objects: K8sObject[], bp: Blueprint): Violation[] {
  const violations: Violation[] = [];
  for (const obj of objects) {
    for (const c of bp.constraints) {
      for (const f of checks[c.id]!(obj, bp, c.params ?? {})) {
        violations.push({ rule: c.id, object: describeObject(obj), ...f, hint: c.hint });
      }
    }
    for (const f of patternViolations(obj, bp)) {
      violations.push({
        rule: 'patterns',
        object: describeObject(obj),
        ...f,
        hint: 'Follow the patterns and scope sections of k8s/blueprint.yaml.',
      });
    }
  }
  return violations;
}

export function formatViolation(v: Violation): string {
  return `${v.object}: ${v.field}: ${v.message} [${v.rule}]\n    hint: ${v.hint}`;
}
