/**
 * The blueprint's constraints as one table of data. Both judges are generated from it: the
 * TypeScript checker (`rule-eval.ts`, used by helm-lint and `blueprint check`) and the CEL of
 * the ValidatingAdmissionPolicy (`ai-ops/rule-cel.ts`, enforced by the API server). A rule is a
 * list of conditions over a few kinds of item (a container, an env var, a volume, a ConfigMap
 * entry, the pod spec, the object); each condition is a small term both compilers understand,
 * so the two cannot drift apart by hand. A differential test keeps them agreeing.
 */

/** Where a reference starts. `effective`: the container's securityContext key, else the pod's. */
export type Ref =
  | { from: 'item' | 'pod' | 'object'; path: string }
  | { from: 'effective'; key: string; path?: string }
  | { from: 'key' | 'value' }; // a ConfigMap data entry's key and value

/** A regular expression both RE2 (CEL) and JavaScript read alike; always anchored. */
export interface Pattern {
  source: string;
  flags: '' | 'i' | 's' | 'is';
}

export type Cond =
  | { op: 'is'; ref: Ref; value: string | number | boolean } // present and equal
  | { op: 'isNot'; ref: Ref; value: string | number | boolean } // absent or different
  | { op: 'present'; ref: Ref }
  | { op: 'absent'; ref: Ref }
  | { op: 'gt'; ref: Ref; value: number } // present, a number, above value
  | { op: 'oneOf'; ref: Ref; values: string[] }
  | { op: 'includes'; ref: Ref; value: string } // a list holding value
  | { op: 'empty'; ref: Ref } // absent or of size 0
  | { op: 'matches'; ref: Ref; pattern: Pattern } // present and matching
  | { op: 'differ'; refs: [Ref, Ref] } // deep inequality; true when either is absent
  | { op: 'not'; cond: Cond }
  | { op: 'and' | 'or'; conds: Cond[] };

/**
 * What a condition is asked of. containers: every container (init and ephemeral too);
 * podContainers: init and app containers (ephemeral ones may not declare resources at all);
 * appContainers: spec.containers only; env: every env var of every container.
 */
export type Over =
  | 'object'
  | 'pod'
  | 'containers'
  | 'podContainers'
  | 'appContainers'
  | 'volumes'
  | 'env'
  | 'configMapData';

export interface RuleCheck {
  kinds: readonly string[];
  over: Over;
  /** Path of the offending field, relative to the item. */
  field: string;
  test: Cond;
  /** What the violation says; `item` is the container, env var, volume or `{ key, value }`. */
  message: (item: Record<string, unknown>) => string;
}

export const POD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
] as const;
/** Workloads whose containers run until stopped: they need probes. */
export const LONG_RUNNING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'] as const;

/** Where a kind's pod spec sits. */
export const podSpecPath = (kind: string): string | null =>
  kind === 'Pod'
    ? 'spec'
    : kind === 'CronJob'
      ? 'spec.jobTemplate.spec.template.spec'
      : (POD_KINDS as readonly string[]).includes(kind)
        ? 'spec.template.spec'
        : null;

const item = (path: string): Ref => ({ from: 'item', path });
const pod = (path: string): Ref => ({ from: 'pod', path });
const eff = (key: string, path?: string): Ref => ({ from: 'effective', key, path });
const name = (c: Record<string, unknown>) => `container "${String(c.name)}"`;

const secretName: Pattern = {
  // The name's last word says secret (DB_PASSWORD, AUTH_SECRET, OPENAI_API_KEY, BASIC_AUTH); a
  // name that only starts with one holds none (AUTH_URL: the backend ConfigMap with authUrl set).
  source: '^.*(pass(word)?|secret|token|api[_-]?key|private[_-]?key|credentials?|auth)$',
  flags: 'is',
};
/** `scheme://user:password@` anywhere in a value. */
const credentialUrl: Pattern = {
  source: '^.*[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@.*$',
  flags: 's',
};
const pinnedByDigest: Pattern = { source: '^[^@]+@sha256:[a-f0-9]{64}$', flags: '' };
const tagged: Pattern = { source: '^[^@]*:[^/:@]+$', flags: '' };
const latest: Pattern = { source: '^[^@]*:latest$', flags: '' };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Params = Record<string, unknown>;

/** The checks of each constraint id; params come from the blueprint. */
export const ruleTable: Record<string, (params: Params) => RuleCheck[]> = {
  'non-root': () => [
    {
      kinds: POD_KINDS,
      over: 'containers',
      field: 'securityContext.runAsNonRoot',
      test: { op: 'is', ref: eff('runAsNonRoot'), value: true },
      message: (c) => `${name(c)} may run as root`,
    },
    {
      kinds: POD_KINDS,
      over: 'containers',
      field: 'securityContext.runAsUser',
      test: { op: 'gt', ref: eff('runAsUser'), value: 0 },
      message: (c) => {
        const own = (c.securityContext as { runAsUser?: unknown } | undefined)?.runAsUser;
        return `${name(c)} has runAsUser ${own === undefined ? 'unset or 0 on the pod' : String(own)}; a numeric id above 0 is required`;
      },
    },
  ],
  'no-privilege-escalation': () => [
    {
      kinds: POD_KINDS,
      over: 'containers',
      field: 'securityContext.allowPrivilegeEscalation',
      test: { op: 'is', ref: item('securityContext.allowPrivilegeEscalation'), value: false },
      message: (c) => `${name(c)} does not set allowPrivilegeEscalation: false`,
    },
  ],
  'drop-all-capabilities': () => [
    {
      kinds: POD_KINDS,
      over: 'containers',
      field: 'securityContext.capabilities',
      test: {
        op: 'and',
        conds: [
          { op: 'includes', ref: item('securityContext.capabilities.drop'), value: 'ALL' },
          { op: 'empty', ref: item('securityContext.capabilities.add') },
        ],
      },
      message: (c) => `${name(c)} does not drop ALL capabilities (or adds some back)`,
    },
  ],
  'seccomp-runtime-default': () => [
    {
      kinds: POD_KINDS,
      over: 'containers',
      field: 'securityContext.seccompProfile.type',
      test: {
        op: 'oneOf',
        ref: eff('seccompProfile', 'type'),
        values: ['RuntimeDefault', 'Localhost'],
      },
      message: (c) => `${name(c)} has no RuntimeDefault seccomp profile`,
    },
  ],
  'read-only-root-filesystem': () => [
    {
      kinds: POD_KINDS,
      over: 'containers',
      field: 'securityContext.readOnlyRootFilesystem',
      test: { op: 'is', ref: item('securityContext.readOnlyRootFilesystem'), value: true },
      message: (c) => `${name(c)} has a writable root filesystem`,
    },
  ],
  'no-host-access': () => [
    ...(['hostNetwork', 'hostPID', 'hostIPC'] as const).map((key): RuleCheck => ({
      kinds: POD_KINDS,
      over: 'pod',
      field: key,
      test: { op: 'isNot', ref: pod(key), value: true },
      message: () => `${key} is enabled`,
    })),
    {
      kinds: POD_KINDS,
      over: 'volumes',
      field: 'hostPath',
      test: { op: 'absent', ref: item('hostPath') },
      message: (v) => `volume "${String(v.name)}" mounts a hostPath`,
    },
    {
      kinds: POD_KINDS,
      over: 'containers',
      field: 'securityContext.privileged',
      test: { op: 'isNot', ref: item('securityContext.privileged'), value: true },
      message: (c) => `${name(c)} is privileged`,
    },
  ],
  'resources-required': () =>
    ['requests', 'limits'].flatMap((kind) =>
      ['cpu', 'memory'].map((r): RuleCheck => ({
        kinds: POD_KINDS,
        over: 'podContainers',
        field: `resources.${kind}.${r}`,
        test: { op: 'present', ref: item(`resources.${kind}.${r}`) },
        message: (c) => `${name(c)} has no ${r} ${kind.slice(0, -1)}`,
      })),
    ),
  'probes-required': () => [
    {
      kinds: LONG_RUNNING_KINDS,
      over: 'appContainers',
      field: 'livenessProbe',
      test: { op: 'present', ref: item('livenessProbe') },
      message: (c) => `${name(c)} has no liveness probe`,
    },
    {
      kinds: LONG_RUNNING_KINDS,
      over: 'appContainers',
      field: 'readinessProbe',
      test: { op: 'present', ref: item('readinessProbe') },
      message: (c) => `${name(c)} has no readiness probe`,
    },
    {
      kinds: LONG_RUNNING_KINDS,
      over: 'appContainers',
      field: 'readinessProbe',
      test: { op: 'differ', refs: [item('livenessProbe'), item('readinessProbe')] },
      message: (c) => `${name(c)} uses the same probe for liveness and readiness`,
    },
  ],
  'no-latest-tag': () => [
    {
      kinds: POD_KINDS,
      over: 'containers',
      field: 'image',
      test: {
        op: 'or',
        conds: [
          { op: 'matches', ref: item('image'), pattern: pinnedByDigest },
          {
            op: 'and',
            conds: [
              { op: 'matches', ref: item('image'), pattern: tagged },
              { op: 'not', cond: { op: 'matches', ref: item('image'), pattern: latest } },
            ],
          },
        ],
      },
      message: (c) =>
        `image "${String(c.image)}" is not pinned (a tag other than latest, or a sha256 digest)`,
    },
  ],
  'allowed-images': (params) => {
    const images = (params.images as string[] | undefined) ?? [];
    // Any registry and path, then one of the names, then an optional tag and digest.
    const pattern: Pattern = {
      source: `^([^/@]+/)*(${images.map(escapeRe).join('|')})(:[^/:@]+)?(@.+)?$`,
      flags: '',
    };
    return [
      {
        kinds: POD_KINDS,
        over: 'containers',
        field: 'image',
        test: { op: 'matches', ref: item('image'), pattern },
        message: (c) => `image "${String(c.image)}" is not one of ${images.join(', ')}`,
      },
    ];
  },
  'no-secrets-in-configmaps': () => [
    {
      kinds: ['ConfigMap'],
      over: 'configMapData',
      field: '',
      test: {
        op: 'and',
        conds: [
          { op: 'not', cond: { op: 'matches', ref: { from: 'key' }, pattern: secretName } },
          { op: 'not', cond: { op: 'matches', ref: { from: 'value' }, pattern: credentialUrl } },
        ],
      },
      message: (e) => `ConfigMap key "${String(e.key)}" looks like a secret`,
    },
  ],
  'no-literal-secret-env': () => [
    {
      kinds: POD_KINDS,
      over: 'env',
      field: 'value',
      test: {
        op: 'or',
        conds: [
          { op: 'absent', ref: item('value') },
          {
            op: 'and',
            conds: [
              { op: 'not', cond: { op: 'matches', ref: item('name'), pattern: secretName } },
              { op: 'not', cond: { op: 'matches', ref: item('value'), pattern: credentialUrl } },
            ],
          },
        ],
      },
      message: (e) => `env ${String(e.name)} is a literal secret value`,
    },
  ],
  'no-service-account-token': () => [
    {
      kinds: POD_KINDS,
      over: 'pod',
      field: 'automountServiceAccountToken',
      test: { op: 'is', ref: pod('automountServiceAccountToken'), value: false },
      message: () => 'pods get a service account token they do not use',
    },
    {
      kinds: ['ServiceAccount'],
      over: 'object',
      field: 'automountServiceAccountToken',
      // Not `default`: Kubernetes makes it in every new namespace, before anyone can set the
      // field, and refusing it keeps the namespace's pods from starting. Pods are held to the
      // rule above, and a pod's setting wins over its ServiceAccount's, so no token mounts.
      test: {
        op: 'or',
        conds: [
          { op: 'is', ref: { from: 'object', path: 'metadata.name' }, value: 'default' },
          { op: 'is', ref: { from: 'object', path: 'automountServiceAccountToken' }, value: false },
        ],
      },
      message: () => 'the ServiceAccount mounts its token into pods by default',
    },
  ],
};

/** The checks of one constraint, or an error naming it. */
export function checksFor(id: string, params: Params = {}): RuleCheck[] {
  const rule = ruleTable[id];
  if (!rule) throw new Error(`constraint "${id}" has no rule in the rule table`);
  return rule(params);
}
