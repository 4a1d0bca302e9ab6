import path from 'node:path';
import {
  ClusterError,
  loadBlueprint,
  formatPlan,
  realRunner,
  resolveCluster,
  resolveTool,
  runPlan,
  type Cluster,
  type DeployStep,
} from '@todo/infra';
import { fail, repoRoot } from './cli';

export const tools = () => ({
  kubectl: resolveTool('kubectl', 'KUBECTL'),
  helm: resolveTool('helm', 'HELM'),
  docker: resolveTool('docker', 'DOCKER'),
  minikube: resolveTool('minikube', 'MINIKUBE'),
  kind: resolveTool('kind', 'KIND'),
  k3d: resolveTool('k3d', 'K3D'),
  ctr: resolveTool('ctr', 'CTR'),
});

/** The cluster from --context or the current context; a clear line and exit 1 otherwise. */
export async function clusterOrFail(kubectl: string, context?: string): Promise<Cluster> {
  try {
    // The blueprint's scope.contexts names more local contexts (e.g. todo-ci, rancher-desktop).
    const scope = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml')).scope.contexts;
    return await resolveCluster(realRunner, kubectl, context, scope);
  } catch (err) {
    if (err instanceof ClusterError) fail(err.message);
    fail(
      `kubectl was not found or failed (${(err as Error).message}): install kubectl, or set KUBECTL`,
    );
  }
}

export function checkPrefix(prefix: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?-?$/.test(prefix) || prefix.length > 40) {
    fail(
      `--namespace-prefix must be lower-case letters, digits and dashes, e.g. "todo-" (got "${prefix}")`,
    );
  }
  return prefix;
}

/** Prints a plan (--dry-run) and exits, or runs it step by step; exits 1 on the first failure. */
export async function printOrRunPlan(
  steps: DeployStep[],
  o: { context: string; dryRun: boolean },
): Promise<void> {
  if (o.dryRun) {
    console.log(`Plan for context "${o.context}"; nothing was changed:\n\n${formatPlan(steps)}`);
    process.exit(0);
  }
  const results = await runPlan(realRunner, steps, (r) =>
    console.log(`${r.ok ? '✓' : '✗'} ${r.step.title}`),
  );
  const failed = results.find((r) => !r.ok);
  if (failed)
    fail(`${failed.step.title}: ${failed.output.trim().split('\n').slice(-3).join(' | ')}`);
}
