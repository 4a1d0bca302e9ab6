import type { Cluster } from '../deploy/cluster';
import { namespaces, releases, removalOrder, type ReleaseSpec } from '../deploy/releases';
import type { CommandRunner } from '../tools/runner';

export interface StatusRow {
  release: string;
  namespace: string;
  status: string;
  revision: string;
  pods: string;
  restarts: number;
  problems: string;
}

/** One row per release: Helm's status, ready pods and restarts. */
export async function collectStatus(
  runner: CommandRunner,
  o: {
    cluster: Cluster;
    helm: string;
    kubectl: string;
    prefix: string;
    releases?: readonly ReleaseSpec[];
  },
): Promise<StatusRow[]> {
  const ns = namespaces(o.prefix);
  const rows: StatusRow[] = [];
  for (const r of removalOrder(o.releases ?? releases)) {
    const namespace = ns[r.role];
    const list = await runner.run(o.helm, [
      'list',
      '--namespace',
      namespace,
      '--kube-context',
      o.cluster.context,
      '--filter',
      `^${r.name}$`,
      '-o',
      'json',
    ]);
    const release = (
      JSON.parse(list.stdout || '[]') as { status?: string; revision?: string }[]
    )[0];
    const pods = await runner.run(o.kubectl, [
      'get',
      'pods',
      '--context',
      o.cluster.context,
      '-n',
      namespace,
      '-l',
      `app.kubernetes.io/instance=${r.name}`,
      '-o',
      'json',
    ]);
    const all = (
      JSON.parse(pods.stdout || '{"items":[]}') as {
        items: {
          metadata: { annotations?: Record<string, string>; deletionTimestamp?: string };
          status: {
            phase?: string;
            containerStatuses?: {
              ready?: boolean;
              restartCount?: number;
              state?: { waiting?: { reason?: string } };
            }[];
          };
        }[];
      }
    ).items.filter((p) => !p.metadata.annotations?.['helm.sh/hook']);
    // A pod being deleted (the old one of a rollout, for its grace period) is no longer part
    // of the release's desired pods: it is named apart, not counted as a pod that is not ready.
    const terminating = all.filter((p) => p.metadata.deletionTimestamp).length;
    const items = all.filter((p) => !p.metadata.deletionTimestamp);
    const ready = items.filter((p) => p.status.containerStatuses?.every((c) => c.ready)).length;
    const restarts = items.reduce(
      (n, p) =>
        n + (p.status.containerStatuses ?? []).reduce((m, c) => m + (c.restartCount ?? 0), 0),
      0,
    );
    const problems = [
      ...new Set(
        items.flatMap(
          (p) =>
            (p.status.containerStatuses ?? [])
              .map((c) => c.state?.waiting?.reason)
              .filter(Boolean) as string[],
        ),
      ),
      ...(terminating ? [`${terminating} terminating`] : []),
    ].join(', ');
    rows.push({
      release: r.name,
      namespace,
      status: release?.status ?? 'not installed',
      revision: release?.revision ?? '-',
      pods: `${ready}/${items.length}`,
      restarts,
      problems,
    });
  }
  return rows;
}
