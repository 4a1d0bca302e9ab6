import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { admissionPolicy, admissionPolicyYaml, agentPolicy } from '../src/ai-ops';
import { loadBlueprint } from '../src/k8s';
import { evaluatePolicy } from '../src/ai-ops';
import { checkKubectlCommand } from '../src/ai-ops';
import { namespaces, releases } from '../src/deploy';
import { parseManifests } from '../src/k8s';
import { validateObject } from '../src/k8s';
import { rbacObjects, rbacYaml } from '../src/ai-ops';
import { realRunner } from '../src/tools';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const blueprint = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml'));
const { policy, binding } = admissionPolicy(blueprint);
const deny = (obj: object) => evaluatePolicy(policy as never, obj);
const rules = (obj: object) => deny(obj).map((m) => /\[([a-z-]+)\]/.exec(m)?.[1]);

const good = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'todo-backend', namespace: 'todo-backend' },
  spec: {
    template: {
      spec: {
        automountServiceAccountToken: false as boolean | undefined,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: { type: 'RuntimeDefault' },
        } as Record<string, unknown>,
        volumes: [] as object[],
        containers: [
          {
            name: 'api',
            image: 'todo-api:3f2a9c1b7d4e',
            env: [{ name: 'LOG_LEVEL', value: 'info' }] as object[],
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            } as Record<string, unknown>,
            resources: {
              requests: { cpu: '50m', memory: '64Mi' },
              limits: { cpu: '1', memory: '256Mi' },
            } as Record<string, unknown>,
            livenessProbe: { httpGet: { path: '/healthz', port: 'http' } } as unknown,
            readinessProbe: { httpGet: { path: '/readyz', port: 'http' } } as unknown,
          },
        ],
      },
    },
  },
});
type D = ReturnType<typeof good>;
const mutate = (f: (d: D, c: D['spec']['template']['spec']['containers'][0]) => void) => {
  const d = good();
  f(d, d.spec.template.spec.containers[0]!);
  return d;
};

describe('the admission policy (CEL, evaluated offline)', () => {
  it('admits a compliant Deployment, and does not judge kinds it does not match', () => {
    expect(deny(good())).toEqual([]);
    expect(deny({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} })).toEqual(
      [],
    );
  });

  it.each([
    ['non-root', mutate((_d, c) => (c.securityContext.runAsUser = 0))],
    [
      'non-root',
      mutate(
        (d) =>
          (d.spec.template.spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' } }),
      ),
    ],
    [
      'no-privilege-escalation',
      mutate((_d, c) => (c.securityContext.allowPrivilegeEscalation = true)),
    ],
    [
      'drop-all-capabilities',
      mutate((_d, c) => (c.securityContext.capabilities = { drop: ['ALL'], add: ['NET_RAW'] })),
    ],
    [
      'seccomp-runtime-default',
      mutate((d) => delete d.spec.template.spec.securityContext.seccompProfile),
    ],
    [
      'read-only-root-filesystem',
      mutate((_d, c) => delete c.securityContext.readOnlyRootFilesystem),
    ],
    [
      'no-host-access',
      mutate(
        (d) =>
          (d.spec.template.spec.volumes = [
            { name: 'h', hostPath: { path: '/var/run/docker.sock' } },
          ]),
      ),
    ],
    ['resources-required', mutate((_d, c) => delete c.resources.limits)],
    ['probes-required', mutate((_d, c) => (c.readinessProbe = c.livenessProbe))],
    ['no-latest-tag', mutate((_d, c) => (c.image = 'todo-api:latest'))],
    ['no-latest-tag', mutate((_d, c) => (c.image = 'todo-api'))],
    ['allowed-images', mutate((_d, c) => (c.image = 'docker.io/evil/miner:1.0'))],
    [
      'no-literal-secret-env',
      mutate((_d, c) => c.env.push({ name: 'DB_PASSWORD', value: 'hunter2' })),
    ],
    [
      'no-service-account-token',
      mutate((d) => delete d.spec.template.spec.automountServiceAccountToken),
    ],
  ])('rejects a violation of %s', (rule, obj) => {
    expect(rules(obj)).toContain(rule);
  });

  it('rejects secrets in ConfigMaps, admits plain settings', () => {
    const cm = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data,
    });
    expect(rules(cm({ API_TOKEN: 'x' }))).toEqual(['no-secrets-in-configmaps']);
    expect(rules(cm({ URL: 'postgres://todo:pw@db:5432/todo' }))).toEqual([
      'no-secrets-in-configmaps',
    ]);
    expect(
      deny(
        cm({ LOG_LEVEL: 'info', API_URL: 'http://todo-backend.todo-backend.svc.cluster.local:80' }),
      ),
    ).toEqual([]);
  });

  it("admits the `default` ServiceAccount Kubernetes makes in a new namespace; refuses others' token", () => {
    // As the controller creates it: no automountServiceAccountToken. Refusing it kept every
    // namespace made after the guardrails (teardown --purge, then deploy) without postgres.
    const sa = (name: string, extra: object = {}) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: 'todo-data' },
      ...extra,
    });
    expect(deny(sa('default'))).toEqual([]);
    expect(rules(sa('todo-postgres'))).toEqual(['no-service-account-token']);
    expect(rules(sa('todo-postgres', { automountServiceAccountToken: true }))).toEqual([
      'no-service-account-token',
    ]);
    expect(deny(sa('todo-postgres', { automountServiceAccountToken: false }))).toEqual([]);
    // The pods of the namespace are still held to the rule themselves.
    expect(rules(mutate((d) => delete d.spec.template.spec.automountServiceAccountToken))).toEqual([
      'no-service-account-token',
    ]);
  });

  it('admits every object the charts render (Helm 4, defaults and ci values)', async () => {
    const helm = path.join(repoRoot, '.tools/helm4/helm');
    for (const r0 of releases) {
      const r = await realRunner.run(helm, [
        'template',
        r0.name,
        path.join(repoRoot, r0.chart),
        '--namespace',
        namespaces()[r0.role],
      ]);
      expect(r.exitCode).toBe(0);
      for (const obj of parseManifests(r.stdout)) {
        expect(deny(obj), `${obj.kind} ${obj.metadata?.name}`).toEqual([]);
      }
    }
  });

  it('is a valid ValidatingAdmissionPolicy and binding, bound to the app namespaces by their label', () => {
    expect(validateObject(policy)).toEqual([]);
    expect(validateObject(binding)).toEqual([]);
    expect((binding.spec as { validationActions: string[] }).validationActions).toEqual(['Deny']);
    // Whatever --namespace-prefix names them, the deploy's namespaces carry this label.
    expect(
      (binding.spec as { matchResources: { namespaceSelector: unknown } }).matchResources
        .namespaceSelector,
    ).toEqual({ matchLabels: { 'app.kubernetes.io/part-of': 'todo' } });
  });
});

describe('RBAC for the agents', () => {
  const objects = rbacObjects(blueprint);
  it('reads most things, changes Deployments only, never Secrets, never deletes, nothing cluster-wide', () => {
    for (const o of objects) expect(validateObject(o)).toEqual([]);
    expect(objects.map((o) => o.kind)).not.toContain('ClusterRole');
    expect(objects.map((o) => o.kind)).not.toContain('ClusterRoleBinding');
    const rules = objects
      .filter((o) => o.kind === 'Role')
      .flatMap((o) => o.rules as { resources: string[]; verbs: string[] }[]);
    expect(rules.some((r) => r.resources.includes('secrets'))).toBe(false);
    expect(
      rules.some(
        (r) => r.verbs.includes('delete') || r.verbs.includes('*') || r.verbs.includes('create'),
      ),
    ).toBe(false);
    const writes = rules.filter((r) => r.verbs.some((v) => ['patch', 'update'].includes(v)));
    expect([...new Set(writes.flatMap((r) => r.resources))].sort()).toEqual([
      'deployments',
      'deployments/scale',
    ]);
    const namespaces = new Set(
      objects
        .filter((o) => o.kind === 'Role')
        .map((o) => (o.metadata as { namespace: string }).namespace),
    );
    expect([...namespaces].sort()).toEqual(['todo-backend', 'todo-data', 'todo-frontend']);
  });

  it('binds the identities that really call the API: kubectl-ai, and the kagent-tools pod', () => {
    const subjects = objects
      .filter((o) => o.kind === 'RoleBinding')
      .flatMap((o) => o.subjects as { name: string; namespace: string }[])
      .map((s) => `${s.namespace}/${s.name}`);
    expect([...new Set(subjects)].sort()).toEqual([
      'kagent/kagent-tools',
      'todo-ai-ops/kubectl-ai',
    ]);
    // The kagent chart makes its tools ServiceAccount; applying ours would fight Helm over it.
    const accounts = objects.filter((o) => o.kind === 'ServiceAccount');
    expect(accounts.map((o) => (o.metadata as { name: string }).name)).toEqual(['kubectl-ai']);
  });
});

describe('the agents-only policy', () => {
  const { policy: p, binding: b } = agentPolicy(blueprint);
  it('is valid, matches only the agents, and bounds replicas by the blueprint', () => {
    expect(validateObject(p)).toEqual([]);
    expect(validateObject(b)).toEqual([]);
    const spec = p.spec as {
      matchConditions: { expression: string }[];
      validations: { expression: string }[];
    };
    expect(spec.matchConditions[0]!.expression).toBe(
      "request.userInfo.username in ['system:serviceaccount:todo-ai-ops:kubectl-ai', 'system:serviceaccount:kagent:kagent-tools']",
    );
    // A Scale to zero arrives without spec.replicas (omitempty): that must read as 0.
    const replicas = (scale: object) =>
      evaluatePolicy({ spec: { validations: [spec.validations[0]!] } } as never, scale);
    expect(replicas({ kind: 'Scale', spec: {} })).toHaveLength(1);
    expect(replicas({ kind: 'Scale', spec: { replicas: 6 } })).toHaveLength(1);
    expect(replicas({ kind: 'Scale', spec: { replicas: 2 } })).toEqual([]);
    expect(replicas({ kind: 'Deployment', spec: { replicas: 0 } })).toHaveLength(1);
  });
});

describe('generated files', () => {
  it('are what `pnpm run ai:generate` makes from the current blueprint', () => {
    const read = (f: string) =>
      readFileSync(path.join(repoRoot, 'k8s/ai-ops/generated', f), 'utf8');
    expect(read('rbac.yaml')).toBe(rbacYaml(blueprint));
    expect(read('admission-policy.yaml')).toBe(admissionPolicyYaml(blueprint));
  });
});

describe('blueprint check for kubectl command lines', () => {
  it.each([
    ['kubectl get pods -n todo-backend', true, /^read-only get in todo-backend$/],
    ['kubectl logs deploy/todo-backend -n todo-backend --tail 50', true, /^read-only logs/],
    ['kubectl describe pod todo-backend-abc -n todo-backend', true, /^read-only describe/],
    ['kubectl -n todo-backend get pods -o wide', true, /^read-only get in todo-backend$/],
    // Compound and smuggled commands: one plain kubectl invocation only.
    [
      'kubectl get pods -n todo-backend; kubectl delete namespace todo-data',
      false,
      /shell operator ;/,
    ],
    ['kubectl get pods -n todo-backend && rm -rf /', false, /shell operator &&/],
    ['kubectl get pods -n todo-backend | sh', false, /shell operator \|/],
    ['kubectl get pods -n todo-backend > /etc/passwd', false, /shell operator >/],
    [
      'kubectl get pods -n todo-backend $(kubectl delete ns todo-data)',
      false,
      /shell operator \$|substitut/,
    ],
    ['kubectl get pods -n `whoami`', false, /substitut/],
    ['kubectl get pods -n $NS', false, /expands \$NS/],
    ['kubectl get pods -n todo-backend\nkubectl delete ns todo-data', false, /several lines/],
    ['kubectl get pods -n todo-backend # and more', false, /comment/],
    ['bash -c "kubectl get pods -n todo-backend"', false, /only kubectl commands/],
    ['KUBECONFIG=/root/.kube/config kubectl get pods -n todo-backend', false, /only kubectl/],
    ['kubectl --context admin get pods -n todo-backend', false, /another identity/],
    ['kubectl get pods -n todo-backend --as=system:admin', false, /another identity/],
    ['kubectl get pods -A', false, /cluster-wide commands need a person/],
    ['kubectl get nodes', false, /give -n <namespace>/],
    ['kubectl get pods -n kube-system', false, /outside todo-frontend/],
    ['kubectl get secrets,pods -n todo-data', false, /Secrets need a person/],
    ['kubectl get "secret/postgres" -n todo-data', false, /Secrets need a person/],
    ['kubectl version', true, /^read-only version$/],
    ['kubectl get secret postgres -n todo-data -o yaml', false, /Secrets need a person/],
    [
      'kubectl scale deployment/todo-backend -n todo-backend --replicas=3',
      true,
      /scale a Deployment to 3 in todo-backend/,
    ],
    [
      'kubectl scale deployment/todo-backend -n todo-backend --replicas=0',
      false,
      /scaling to zero needs a person/,
    ],
    [
      'kubectl scale deployment/todo-backend -n todo-backend --replicas=20',
      false,
      /between 1 and 5 replicas/,
    ],
    [
      'kubectl scale statefulset/postgres -n todo-data --replicas=2',
      false,
      /scaling statefulset needs a person/,
    ],
    [
      'kubectl rollout restart deployment/todo-backend -n todo-backend',
      true,
      /rollout restart of a Deployment in todo-backend/,
    ],
    [
      'kubectl rollout undo deployment/todo-frontend -n todo-frontend',
      false,
      /rollout undo is not in the blueprint’s mayChange list/,
    ],
    [
      'kubectl rollout status deployment/todo-backend -n todo-backend',
      true,
      /read-only rollout status/,
    ],
    [
      'kubectl scale deploy todo-backend --replicas 2 -n todo-backend',
      true,
      /scale a Deployment to 2/,
    ],
    [
      'kubectl delete pvc data-postgres-0 -n todo-data',
      false,
      /deleting anything but pods needs a person/,
    ],
    [
      'kubectl delete pod todo-backend-abc -n todo-backend',
      true,
      /deleting a pod: its controller recreates it/,
    ],
    ['kubectl delete namespace todo-data', false, /give -n <namespace>/],
    [
      `kubectl patch deployment todo-backend -n todo-backend -p '{"spec":{"template":{"spec":{"containers":[{"name":"api","resources":{"limits":{"memory":"512Mi"}}}]}}}}'`,
      true,
      /patch Deployment resources in todo-backend/,
    ],
    [
      `kubectl patch deployment todo-backend -n todo-backend -p '{"spec":{"replicas":0}}'`,
      false,
      /spec.replicas=0/,
    ],
    [
      `kubectl patch deploy/todo-backend -n todo-backend -p '{"spec":{"template":{"spec":{"containers":[{"name":"api","image":"evil:1"}]}}}}'`,
      false,
      /changes spec.template.spec.containers\[0\].image/,
    ],
    [
      `kubectl patch deploy todo-backend -n todo-backend --type json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'`,
      true,
      /patch Deployment resources/,
    ],
    [
      'kubectl patch networkpolicy todo-backend -n todo-backend -p "{}"',
      false,
      /patching networkpolicy needs a person/,
    ],
    [
      'kubectl scale deployment/coredns -n kube-system --replicas=3',
      false,
      /outside todo-frontend/,
    ],
    [
      'kubectl apply -f evil.yaml -n todo-backend',
      false,
      /kubectl apply is not in the blueprint’s mayChange list/,
    ],
  ] as [string, boolean, RegExp][])('%s → %s', (line, allowed, why) => {
    const d = checkKubectlCommand(line, blueprint);
    expect(d.allow).toBe(allowed);
    // The reason is the one for this command, not just any reason.
    expect(d.reasons).toEqual([expect.stringMatching(why)]);
  });
});
