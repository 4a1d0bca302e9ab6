import { stringify } from 'yaml';
import type { Blueprint } from '../k8s/blueprint';

/**
 * The blueprint's constraints as a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1,
 * Kubernetes 1.30+): the API server itself rejects a violating object, whoever sends it — a
 * person, kubectl-ai or kagent. Each rule is a CEL expression over the object.
 */

// The pod spec of any workload kind, and all of its containers.
const variables = [
  {
    name: 'podSpec',
    expression:
      "object.kind == 'Pod' ? object.spec : (object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)",
  },
  {
    name: 'containers',
    expression:
      'variables.podSpec.containers + (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []) + (has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])',
  },
  {
    // Ephemeral containers (kubectl debug) may not declare resources or probes.
    name: 'sizedContainers',
    expression:
      'variables.podSpec.containers + (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])',
  },
  {
    name: 'podSecurity',
    expression: 'has(variables.podSpec.securityContext) ? variables.podSpec.securityContext : {}',
  },
];

const isWorkload = "object.kind != 'ConfigMap'";
// Anchored at the end: CEL's matches() searches, so AUTH_URL would match `auth` (see blueprint.ts).
const secretish = '(?i)(pass(word)?|secret|token|api[_-]?key|private[_-]?key|credentials?|auth)$';

/** CEL per constraint id; `true` means the object complies. */
export function celFor(id: string, params: Record<string, unknown> = {}): string | null {
  switch (id) {
    case 'non-root':
      return `!(${isWorkload}) || variables.containers.all(c,
  ((has(c.securityContext) && has(c.securityContext.runAsNonRoot)) ? c.securityContext.runAsNonRoot : (has(variables.podSecurity.runAsNonRoot) && variables.podSecurity.runAsNonRoot)) &&
  ((has(c.securityContext) && has(c.securityContext.runAsUser)) ? c.securityContext.runAsUser > 0 : (has(variables.podSecurity.runAsUser) && variables.podSecurity.runAsUser > 0)))`;
    case 'no-privilege-escalation':
      return `!(${isWorkload}) || variables.containers.all(c, has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)`;
    case 'drop-all-capabilities':
      return `!(${isWorkload}) || variables.containers.all(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && 'ALL' in c.securityContext.capabilities.drop && (!has(c.securityContext.capabilities.add) || size(c.securityContext.capabilities.add) == 0))`;
    case 'seccomp-runtime-default':
      return `!(${isWorkload}) || variables.containers.all(c,
  (has(c.securityContext) && has(c.securityContext.seccompProfile)) ? c.securityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost'] :
  (has(variables.podSecurity.seccompProfile) && variables.podSecurity.seccompProfile.type in ['RuntimeDefault', 'Localhost']))`;
    case 'read-only-root-filesystem':
      return `!(${isWorkload}) || variables.containers.all(c, has(c.securityContext) && has(c.securityContext.readOnlyRootFilesystem) && c.securityContext.readOnlyRootFilesystem == true)`;
    case 'no-host-access':
      return `!(${isWorkload}) || (
  !(has(variables.podSpec.hostNetwork) && variables.podSpec.hostNetwork) &&
  !(has(variables.podSpec.hostPID) && variables.podSpec.hostPID) &&
  !(has(variables.podSpec.hostIPC) && variables.podSpec.hostIPC) &&
  (!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.hostPath))) &&
  variables.containers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged)))`;
    case 'resources-required':
      return `!(${isWorkload}) || variables.sizedContainers.all(c, has(c.resources) && has(c.resources.requests) && has(c.resources.limits) &&
  'cpu' in c.resources.requests && 'memory' in c.resources.requests && 'cpu' in c.resources.limits && 'memory' in c.resources.limits)`;
    case 'probes-required':
      return `!(object.kind in ['Deployment', 'StatefulSet', 'DaemonSet']) || variables.podSpec.containers.all(c, has(c.livenessProbe) && has(c.readinessProbe) && c.livenessProbe != c.readinessProbe)`;
    case 'no-latest-tag':
      return `!(${isWorkload}) || variables.containers.all(c, c.image.contains('@sha256:') || (c.image.matches('^[^@]*:[^/:@]+$') && !c.image.endsWith(':latest')))`;
    case 'allowed-images': {
      const names = ((params.images as string[] | undefined) ?? [])
        .map((n) => n.replace(/[^a-z0-9._-]/gi, ''))
        .join('|');
      return `!(${isWorkload}) || variables.containers.all(c, c.image.matches('^([^/]+/)*(${names})(:|@)'))`;
    }
    case 'no-secrets-in-configmaps':
      // dyn(): the policy also matches pods and workloads, whose type has no `data` field.
      return `object.kind != 'ConfigMap' || !has(dyn(object).data) || dyn(object).data.all(k, !k.matches('${secretish}') && !dyn(object).data[k].matches('^[a-zA-Z][a-zA-Z0-9+.-]*://[^/:@]+:[^/@]+@'))`;
    case 'no-literal-secret-env':
      return `!(${isWorkload}) || variables.containers.all(c, !has(c.env) || c.env.all(e, !has(e.value) || !e.name.matches('${secretish}')))`;
    case 'no-service-account-token':
      return `!(${isWorkload}) || (has(variables.podSpec.automountServiceAccountToken) && variables.podSpec.automountServiceAccountToken == false)`;
    default:
      return null;
  }
}

export interface GeneratedPolicy {
  policy: Record<string, unknown>;
  binding: Record<string, unknown>;
}

export function admissionPolicy(bp: Blueprint): GeneratedPolicy {
  const name = `${bp.metadata.name}-blueprint`;
  const validations = bp.constraints.map((c) => {
    const expression = celFor(c.id, c.params ?? {});
    if (!expression) throw new Error(`constraint ${c.id} has no CEL translation`);
    return {
      expression: expression.replace(/\n\s*/g, ' '),
      message: `blueprint ${bp.metadata.version} [${c.id}]: ${c.description} ${c.hint}`,
      reason: 'Forbidden',
    };
  });
  const labels = {
    'app.kubernetes.io/part-of': 'todo',
    'app.kubernetes.io/managed-by': 'todo-blueprint',
  };
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels, annotations: { 'todo.dev/blueprint-version': bp.metadata.version } },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['pods', 'pods/ephemeralcontainers', 'configmaps'],
          },
          {
            apiGroups: ['apps'],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
          },
          {
            apiGroups: ['batch'],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['jobs', 'cronjobs'],
          },
        ],
      },
      variables,
      validations,
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels },
    spec: {
      policyName: name,
      validationActions: ['Deny'],
      matchResources: {
        // By the label k8s/namespaces.yaml gives the app's namespaces, not by their names: a
        // deploy with --namespace-prefix makes other names, and they must be bound too.
        namespaceSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'todo' } },
      },
    },
  };
  return { policy, binding };
}

export function admissionPolicyYaml(bp: Blueprint): string {
  const { policy, binding } = admissionPolicy(bp);
  return `# Generated from k8s/blueprint.yaml by \`pnpm run ai:generate\`. Do not edit by hand.\n${stringify(policy)}---\n${stringify(binding)}`;
}
