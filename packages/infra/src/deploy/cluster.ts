import type { CommandRunner } from '../tools/runner';

export type ClusterKind = 'minikube' | 'kind' | 'k3d' | 'docker-desktop' | 'other';

export interface Cluster {
  context: string;
  kind: ClusterKind;
  /** minikube profile, kind or k3d cluster name. */
  name: string;
}

/** Local cluster kinds from the kube context's name (and minikube's cluster extension). */
export function classifyContext(context: string, clusterProvider?: string): Cluster {
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
  let provider: string | undefined;
  try {
    const config = JSON.parse(view.stdout) as {
      clusters?: {
        cluster?: { extensions?: { name: string; extension?: { provider?: string } }[] };
      }[];
    };
    provider = config.clusters?.[0]?.cluster?.extensions?.find((e) => e.name === 'cluster_info')
      ?.extension?.provider;
  } catch {
    // kubectl printed something else: decide from the name alone.
  }
  const cluster = classifyContext(context, provider);
  if (cluster.kind === 'other' && !explicitContext) {
    throw new ClusterError(
      `The current context "${context}" is not a local cluster (minikube, kind, k3d, Docker Desktop). ` +
        'This tool deploys to local clusters only (blueprint scope); name the context explicitly with --context to proceed.',
    );
  }
  return cluster;
}

/** The command that makes a locally built image available inside the cluster, if one is needed. */
export function loadImageCommand(
  cluster: Cluster,
  image: string,
  tools: { minikube: string; kind: string; k3d: string },
): { command: string; args: string[] } | null {
  switch (cluster.kind) {
    case 'minikube':
      return { command: tools.minikube, args: ['image', 'load', image, '--profile', cluster.name] };
    case 'kind':
      return { command: tools.kind, args: ['load', 'docker-image', image, '--name', cluster.name] };
    case 'k3d':
      return { command: tools.k3d, args: ['image', 'import', image, '--cluster', cluster.name] };
    default:
      // Docker Desktop shares the daemon; other clusters must pull from a registry.
      return null;
  }
}
