import type { CommandRunner } from '../tools/runner';

export type ClusterKind = 'minikube' | 'kind' | 'k3d' | 'docker-desktop' | 'todo-ci' | 'other';

export interface Cluster {
  context: string;
  kind: ClusterKind;
  /** minikube profile, kind or k3d cluster name. */
  name: string;
  /** The node's containerd socket on this host, when the kubeconfig names it (todo-ci). */
  containerdSocket?: string;
}

/**
 * The marker `pnpm run cluster up` writes into its kubeconfig (cluster extension
 * `cluster_info`, as minikube does): the project's own test cluster, local by construction.
 */
export const TEST_CLUSTER_PROVIDER = 'test-cluster.todo-k8s.local';

/** What a kubeconfig's `cluster_info` extension says (minikube's, or the test cluster's). */
export interface ClusterInfo {
  provider?: string;
  containerdSocket?: string;
}

/** Local cluster kinds from the kube context's name and the cluster's `cluster_info` extension. */
export function classifyContext(context: string, info: string | ClusterInfo = {}): Cluster {
  const { provider: clusterProvider, containerdSocket } =
    typeof info === 'string' ? { provider: info } : info;
  if (clusterProvider === TEST_CLUSTER_PROVIDER) {
    return {
      context,
      kind: 'todo-ci',
      name: context,
      ...(containerdSocket ? { containerdSocket } : {}),
    };
  }
  if (clusterProvider === 'minikube.sigs.k8s.io' || context === 'minikube') {
    return { context, kind: 'minikube', name: context };
  }
  if (context.startsWith('kind-')) return { context, kind: 'kind', name: context.slice(5) };
  if (context.startsWith('k3d-')) return { context, kind: 'k3d', name: context.slice(4) };
  if (context === 'docker-desktop' || context === 'docker-for-desktop') {
    return { context, kind: 'docker-desktop', name: context };
  }
  return { context, kind: 'other', name: context };
}

export class ClusterError extends Error {}

/** The cluster to deploy to: the current context, or --context. Refuses non-local ones. */
export async function resolveCluster(
  runner: CommandRunner,
  kubectl: string,
  explicitContext?: string,
  /** The blueprint's `scope.contexts` (globs like `kind-*`): the names admitted as local. */
  scopeContexts: string[] = [],
): Promise<Cluster> {
  let context = explicitContext;
  if (!context) {
    const current = await runner.run(kubectl, ['config', 'current-context']);
    if (current.exitCode !== 0 || !current.stdout.trim()) {
      throw new ClusterError(
        'No current Kubernetes context: start a local cluster (e.g. `minikube start`, or run with --start) or pass --context',
      );
    }
    context = current.stdout.trim();
  }
  const view = await runner.run(kubectl, [
    'config',
    'view',
    '--minify',
    '--context',
    context,
    '-o',
    'json',
  ]);
  if (view.exitCode !== 0) throw new ClusterError(`Context "${context}" is not in your kubeconfig`);
  let info: ClusterInfo = {};
  try {
    const config = JSON.parse(view.stdout) as {
      clusters?: { cluster?: { extensions?: { name: string; extension?: ClusterInfo }[] } }[];
    };
    info =
      config.clusters?.[0]?.cluster?.extensions?.find((e) => e.name === 'cluster_info')
        ?.extension ?? {};
  } catch {
    // kubectl printed something else: decide from the name alone.
  }
  const cluster = classifyContext(context, info);
  // What counts as local has one source, the blueprint's scope.contexts; the only other
  // evidence is a marker the local tool itself wrote into the kubeconfig (minikube, ours).
  const marked =
    info.provider === TEST_CLUSTER_PROVIDER || info.provider === 'minikube.sigs.k8s.io';
  if (!explicitContext && !marked && !scopeContexts.some((g) => globMatch(g, context))) {
    throw new ClusterError(
      `The current context "${context}" is not a local cluster: it matches none of the blueprint's scope.contexts (${scopeContexts.join(', ') || 'none given'}) and carries no local cluster's marker. ` +
        'This tool deploys to local clusters only (blueprint scope); name the context explicitly with --context to proceed.',
    );
  }
  return cluster;
}

/** A `scope.contexts` pattern: `*` matches any run of characters, nothing else is special. */
export function globMatch(pattern: string, name: string): boolean {
  const re = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${re.join('.*')}$`).test(name);
}
