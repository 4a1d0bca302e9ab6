import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { evaluateChecks, type Finding } from './rule-eval';
import { checksFor, LONG_RUNNING_KINDS, podSpecPath, ruleTable } from './rules';

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
    automation: z.strictObject({
      mayChange: z.array(z.string()),
      needsHuman: z.array(z.string()),
      /** The replica bounds an agent may scale a Deployment within, for the checks to use. */
      replicas: z
        .strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) })
        .refine((r) => r.min <= r.max, { error: 'min must not exceed max' }),
    }),
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
    if (!(c.id in ruleTable)) throw new Error(`${file}: constraint "${c.id}" has no checker`);
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
  securityContext?: Record<string, unknown>;
  volumes?: { hostPath?: unknown }[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  automountServiceAccountToken?: boolean;
}

/** The pod template of a workload, with the path to it. */
function podOf(obj: K8sObject): { spec: PodSpec; path: string; longRunning: boolean } | null {
  const path = podSpecPath(obj.kind ?? '');
  if (!path) return null;
  let spec: unknown = obj;
  for (const key of path.split('.')) spec = (spec as Record<string, unknown> | undefined)?.[key];
  return {
    spec: (spec ?? {}) as PodSpec,
    path,
    longRunning: (LONG_RUNNING_KINDS as readonly string[]).includes(obj.kind ?? ''),
  };
}

type Found = Finding;

function imageParts(image: string): { name: string; tag: string | null; digest: boolean } {
  const digest = image.includes('@');
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : null;
  const ref = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  return { name: ref.split('/').at(-1)!, tag, digest };
}

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
      for (const f of evaluateChecks(checksFor(c.id, c.params ?? {}), obj as never)) {
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
