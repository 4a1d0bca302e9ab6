import { stringify } from 'yaml';
import type { ReleaseSpec } from '../deploy/releases';
import type { Blueprint } from '../k8s/blueprint';
import { checksFor } from '../k8s/rules';
import { agents } from './rbac';
import { celString, celVariables, checksToCel } from './rule-cel';
import { agentNamespaces } from './scope';

/**
 * The blueprint's constraints as a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1,
 * Kubernetes 1.30+): the API server itself rejects a violating object, whoever sends it — a
 * person, kubectl-ai or kagent. Each rule is a CEL expression over the object.
 */

/** Where each kind the rule table judges is served: the policy matches exactly these. */
const resourceOf: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  ConfigMap: { group: '', resource: 'configmaps' },
  ServiceAccount: { group: '', resource: 'serviceaccounts' },
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
};

/** CEL for one constraint id (`true` = complies), compiled from the rule table. */
export function celFor(id: string, params: Record<string, unknown> = {}): string {
  return checksToCel(checksFor(id, params));
}

function resourceRules(bp: Blueprint) {
  const kinds = new Set(
    bp.constraints.flatMap((c) => checksFor(c.id, c.params ?? {}).flatMap((k) => k.kinds)),
  );
  const byGroup = new Map<string, string[]>();
  for (const kind of kinds) {
    const r = resourceOf[kind];
    if (!r)
      throw new Error(`the rule table judges ${kind}, which the policy does not know how to match`);
    byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r.resource]);
  }
  // kubectl debug adds containers through this subresource; its object is the whole Pod.
  if (kinds.has('Pod')) byGroup.get('')!.push('pods/ephemeralcontainers');
  return [...byGroup].map(([group, resources]) => ({
    apiGroups: [group],
    apiVersions: ['v1'],
    operations: ['CREATE', 'UPDATE'],
    resources: resources.sort(),
  }));
}

export interface GeneratedPolicy {
  policy: Record<string, unknown>;
  binding: Record<string, unknown>;
}

/** The usernames the API server sees for the agents' identities. */
export const agentUsernames = () =>
  agents.map((a) => `system:serviceaccount:${a.namespace}:${a.name}`);

/**
 * What only the agents are held to, whoever else may do more: scaling stays within
 * `scope.automation.replicas` (through the scale subresource or a patch), and a change to a
 * Deployment keeps its images (mayChange lists resources and restarts, not new software).
 */
export function agentPolicy(bp: Blueprint, table?: readonly ReleaseSpec[]): GeneratedPolicy {
  const name = `${bp.metadata.name}-blueprint-agents`;
  const { min, max } = bp.scope.automation.replicas;
  const users = agentUsernames().map(celString).join(', ');
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels, annotations: { 'todo.dev/blueprint-version': bp.metadata.version } },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['apps'],
            apiVersions: ['v1'],
            operations: ['UPDATE'],
            resources: ['deployments', 'deployments/scale'],
          },
        ],
      },
      matchConditions: [
        { name: 'an-agent', expression: `request.userInfo.username in [${users}]` },
      ],
      validations: [
        {
          // A Scale's replicas is omitempty: absent means 0 (a Deployment's is defaulted to 1).
          expression: `(has(object.spec.replicas) ? object.spec.replicas : (object.kind == 'Scale' ? 0 : 1)) >= ${min} && (has(object.spec.replicas) ? object.spec.replicas : 0) <= ${max}`,
          message: `blueprint ${bp.metadata.version} [agent-replicas]: agents may scale Deployments between ${min} and ${max} replicas; scaling to zero or beyond needs a person.`,
          reason: 'Forbidden',
        },
        {
          expression:
            "object.kind != 'Deployment' || object.spec.template.spec.containers.all(c, oldObject.spec.template.spec.containers.exists(o, o.name == c.name && o.image == c.image))",
          message: `blueprint ${bp.metadata.version} [agent-images]: agents may not change a Deployment's images or add containers; that needs a person.`,
          reason: 'Forbidden',
        },
      ],
    },
  };
  return { policy, binding: bindingFor(name, bp, table) };
}

const labels = {
  'app.kubernetes.io/part-of': 'todo',
  'app.kubernetes.io/managed-by': 'todo-blueprint',
};

function bindingFor(name: string, bp: Blueprint, table?: readonly ReleaseSpec[]) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels },
    spec: {
      policyName: name,
      validationActions: ['Deny'],
      matchResources: {
        namespaceSelector: {
          matchExpressions: [
            {
              key: 'kubernetes.io/metadata.name',
              operator: 'In',
              values: agentNamespaces(bp, table),
            },
          ],
        },
      },
    },
  };
}

export function admissionPolicy(bp: Blueprint, table?: readonly ReleaseSpec[]): GeneratedPolicy {
  const name = `${bp.metadata.name}-blueprint`;
  const validations = bp.constraints.map((c) => {
    return {
      expression: celFor(c.id, c.params ?? {}),
      message: `blueprint ${bp.metadata.version} [${c.id}]: ${c.description} ${c.hint}`,
      reason: 'Forbidden',
    };
  });
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels, annotations: { 'todo.dev/blueprint-version': bp.metadata.version } },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: resourceRules(bp) },
      variables: celVariables,
      validations,
    },
  };
  return { policy, binding: bindingFor(name, bp, table) };
}

export function admissionPolicyYaml(bp: Blueprint, table?: readonly ReleaseSpec[]): string {
  const docs = [admissionPolicy(bp, table), agentPolicy(bp, table)].flatMap((p) => [
    p.policy,
    p.binding,
  ]);
  return `# Generated from k8s/blueprint.yaml by \`pnpm run ai:generate\`. Do not edit by hand.\n${docs.map((d) => stringify(d)).join('---\n')}`;
}
