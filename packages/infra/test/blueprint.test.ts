import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBlueprint, loadBlueprint } from '../src/k8s';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const blueprint = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml'));

const labels = {
  'app.kubernetes.io/name': 'todo-backend',
  'app.kubernetes.io/instance': 'todo-backend',
  'app.kubernetes.io/version': '0.1.0',
  'app.kubernetes.io/managed-by': 'Helm',
};
const probe = (path: string) => ({ httpGet: { path, port: 'http' } });
const goodContainer = () => ({
  name: 'api',
  image: 'todo-api:3f2a9c1b7d4e',
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  },
  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } },
  startupProbe: probe('/healthz'),
  livenessProbe: probe('/healthz'),
  readinessProbe: probe('/readyz'),
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
});
const deployment = (mutate: (d: ReturnType<typeof base>) => void = () => {}) => {
  const d = base();
  mutate(d);
  return d;
};
function base() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'todo-backend',
      namespace: 'todo-backend',
      labels: { ...labels } as Record<string, string>,
    },
    spec: {
      template: {
        spec: {
          automountServiceAccountToken: false as boolean | undefined,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } } as Record<
            string,
            unknown
          >,
          containers: [goodContainer()] as Record<string, unknown>[],
          volumes: [] as Record<string, unknown>[],
        } as Record<string, unknown> & { containers: Record<string, unknown>[] },
      },
    },
  };
}
const container = (d: ReturnType<typeof base>) =>
  d.spec.template.spec.containers[0] as ReturnType<typeof goodContainer>;

const rulesOf = (objects: object[]) =>
  checkBlueprint(objects as never, blueprint).map((v) => v.rule);

describe('the blueprint checker', () => {
  it('passes a workload that follows every rule', () => {
    expect(checkBlueprint([deployment()] as never, blueprint)).toEqual([]);
  });

  // One violating fixture per rule; each is caught by that rule alone, at the field it broke.
  const cases: [string, string, object][] = [
    [
      'non-root',
      'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      deployment((d) => Object.assign(container(d).securityContext, { runAsNonRoot: false })),
    ],
    [
      'non-root',
      'spec.template.spec.containers[0].securityContext.runAsUser',
      deployment((d) => Object.assign(container(d).securityContext, { runAsUser: 0 })),
    ],
    [
      'no-privilege-escalation',
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      deployment((d) =>
        Object.assign(container(d).securityContext, { allowPrivilegeEscalation: true }),
      ),
    ],
    [
      'drop-all-capabilities',
      'spec.template.spec.containers[0].securityContext.capabilities',
      deployment((d) =>
        Object.assign(container(d).securityContext, {
          capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] },
        }),
      ),
    ],
    [
      'seccomp-runtime-default',
      'spec.template.spec.containers[0].securityContext.seccompProfile.type',
      deployment((d) => (d.spec.template.spec.securityContext = {})),
    ],
    [
      'read-only-root-filesystem',
      'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
      deployment((d) =>
        Object.assign(container(d).securityContext, { readOnlyRootFilesystem: false }),
      ),
    ],
    [
      'no-host-access',
      'spec.template.spec.volumes[0].hostPath',
      deployment((d) => (d.spec.template.spec.volumes = [{ name: 'h', hostPath: { path: '/' } }])),
    ],
    [
      'resources-required',
      'spec.template.spec.containers[0].resources.limits.cpu',
      deployment((d) => delete (container(d).resources as { limits?: unknown }).limits),
    ],
    [
      'probes-required',
      'spec.template.spec.containers[0].readinessProbe',
      deployment((d) => delete (container(d) as { readinessProbe?: unknown }).readinessProbe),
    ],
    [
      'no-latest-tag',
      'spec.template.spec.containers[0].image',
      deployment((d) => (container(d).image = 'todo-api:latest')),
    ],
    [
      'no-latest-tag',
      'spec.template.spec.containers[0].image',
      deployment((d) => (container(d).image = 'todo-api')),
    ],
    [
      'allowed-images',
      'spec.template.spec.containers[0].image',
      deployment((d) => (container(d).image = 'evil/miner:1.0')),
    ],
    [
      'no-literal-secret-env',
      'spec.template.spec.containers[0].env[1].value',
      deployment((d) => container(d).env.push({ name: 'DB_PASSWORD', value: 'hunter2' })),
    ],
    [
      'no-service-account-token',
      'spec.template.spec.automountServiceAccountToken',
      deployment((d) => delete d.spec.template.spec.automountServiceAccountToken),
    ],
    [
      'no-secrets-in-configmaps',
      'data.DATABASE_URL',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'todo-backend', labels },
        data: { DATABASE_URL: 'postgres://u:pw@db/x' },
      },
    ],
  ];
  it.each(cases)('catches a violation of %s at %s', (rule, field, object) => {
    const violations = checkBlueprint([object] as never, blueprint);
    // No other constraint fires (a missing probe also breaks the probe-path pattern).
    const constraints = new Set(violations.map((v) => v.rule).filter((r) => r !== 'patterns'));
    expect([...constraints]).toEqual([rule]);
    const v = violations.find((x) => x.rule === rule)!;
    const kind = (object as { kind: string }).kind;
    expect(v.object).toBe(
      kind === 'ConfigMap' ? 'ConfigMap todo-backend/c' : 'Deployment todo-backend/todo-backend',
    );
    expect(v.field).toBe(field);
    // The hint the person (or agent) gets is the blueprint's own, for this rule.
    expect(v.hint).toBe(blueprint.constraints.find((c) => c.id === rule)!.hint);
  });

  it('enforces patterns and scope: labels, probe paths, sidecars, namespaces, kinds', () => {
    expect(
      rulesOf([deployment((d) => delete d.metadata.labels['app.kubernetes.io/version'])]),
    ).toEqual(['patterns']);
    // Identical liveness and readiness probes defeat their purpose.
    expect(
      rulesOf([deployment((d) => (container(d).readinessProbe = probe('/healthz')))]).sort(),
    ).toEqual(['patterns', 'probes-required']);
    const wrongProbe = checkBlueprint(
      [deployment((d) => (container(d).readinessProbe = probe('/ping')))] as never,
      blueprint,
    );
    expect(wrongProbe.map((v) => v.message)).toContainEqual(
      expect.stringMatching(/readiness probe path is \/ping; the blueprint says \/readyz/),
    );
    expect(
      rulesOf([
        deployment((d) =>
          d.spec.template.spec.containers.push({ ...goodContainer(), name: 'sidecar' }),
        ),
      ]),
    ).toContain('patterns');
    expect(rulesOf([deployment((d) => (d.metadata.namespace = 'kube-system'))])).toContain(
      'patterns',
    );
    expect(
      rulesOf([
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'x', labels },
        },
      ]),
    ).toContain('patterns');
  });

  it('refuses a blueprint whose constraint has no checker', () => {
    expect(() =>
      loadBlueprint(path.join(import.meta.dirname, 'fixtures/unknown-rule-blueprint.yaml')),
    ).toThrow(/constraint "no-cryptominers" has no checker/);
  });
});
