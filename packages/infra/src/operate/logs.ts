import type { Cluster } from '../deploy/cluster';
import { namespaces, releases, removalOrder, type ReleaseSpec } from '../deploy/releases';

/** kubectl logs for one component (or all), each line prefixed by its pod and container. */
export function logsArgs(o: {
  cluster: Cluster;
  prefix: string;
  /** A release's `component` (backend, frontend, postgres); all when absent. */
  component?: string;
  follow: boolean;
  tail?: number;
  releases?: readonly ReleaseSpec[];
}): string[][] {
  const ns = namespaces(o.prefix);
  return removalOrder(o.releases ?? releases)
    .filter((r) => !o.component || r.component === o.component)
    .map((r) => [
      'logs',
      '--context',
      o.cluster.context,
      '-n',
      ns[r.role],
      '-l',
      `app.kubernetes.io/instance=${r.name}`,
      '--all-containers',
      '--prefix',
      '--tail',
      String(o.tail ?? 100),
      '--max-log-requests',
      '10',
      ...(o.follow ? ['--follow'] : []),
    ]);
}
