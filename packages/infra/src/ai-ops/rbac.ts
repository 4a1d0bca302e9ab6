import { stringify } from 'yaml';
import type { ReleaseSpec } from '../deploy/releases';
import type { Blueprint } from '../k8s/blueprint';
import { agentNamespaces } from './scope';

/**
 * The identities that call the Kubernetes API for an AI agent, and so get least privilege.
 * kubectl-ai runs kubectl with the kubeconfig `ai:kubeconfig` mints for its ServiceAccount.
 * kagent's agents never call the API themselves: their Kubernetes tools run in the kagent-tools
 * pod (ServiceAccount `<release>-tools`, made by its chart, which we install with
 * `rbac.create: false` so that this Role is all it gets; the chart's default is cluster-admin).
 * The kagent controller (`kagent-controller`) keeps the chart's own rights: it manages kagent's
 * objects, not the app.
 */
export const agents = [
  { name: 'kubectl-ai', namespace: 'todo-ai-ops', createServiceAccount: true },
  { name: 'kagent-tools', namespace: 'kagent', createServiceAccount: false },
] as const;

/**
 * Roles generated from the blueprint's scope: in each app namespace an agent may read what it
 * needs to diagnose (never Secrets), and scale, patch and rollout-restart Deployments. It may
 * not delete, touch StatefulSets, PVCs, NetworkPolicies, RBAC or namespaces, or anything
 * cluster-wide: there is no ClusterRole. (Scaling to zero or above 5 is stopped by the
 * blueprint check and needs a person.)
 */
export function agentRules() {
  return [
    {
      apiGroups: [''],
      resources: [
        'pods',
        'pods/log',
        'services',
        'endpoints',
        'configmaps',
        'events',
        'persistentvolumeclaims',
        'serviceaccounts',
      ],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'replicasets', 'statefulsets'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'deployments/scale'],
      verbs: ['patch', 'update'],
    },
    {
      apiGroups: ['policy', 'autoscaling', 'networking.k8s.io', 'events.k8s.io'],
      resources: [
        'poddisruptionbudgets',
        'horizontalpodautoscalers',
        'networkpolicies',
        'ingresses',
        'events',
      ],
      verbs: ['get', 'list', 'watch'],
    },
  ];
}

export function rbacObjects(
  bp: Blueprint,
  table?: readonly ReleaseSpec[],
): Record<string, unknown>[] {
  const appNamespaces = agentNamespaces(bp, table);
  const labels = {
    'app.kubernetes.io/part-of': 'todo',
    'app.kubernetes.io/managed-by': 'todo-blueprint',
  };
  // kubectl-ai's ServiceAccount lives in a namespace of its own (kagent's is made by its chart).
  const objects: Record<string, unknown>[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'todo-ai-ops',
        labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    },
  ];
  for (const agent of agents) {
    if (agent.createServiceAccount)
      objects.push({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: agent.name, namespace: agent.namespace, labels },
        automountServiceAccountToken: false,
      });
    for (const ns of appNamespaces) {
      const name = `${agent.name}-operator`;
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace: ns, labels },
        rules: agentRules(),
      });
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace: ns, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: agent.name, namespace: agent.namespace }],
      });
    }
  }
  return objects;
}

export function rbacYaml(bp: Blueprint, table?: readonly ReleaseSpec[]): string {
  return `# Generated from k8s/blueprint.yaml by \`pnpm run ai:generate\`. Do not edit by hand.\n${rbacObjects(
    bp,
    table,
  )
    .map((o) => stringify(o))
    .join('---\n')}`;
}
