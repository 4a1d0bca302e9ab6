import type { Cluster } from '../deploy/cluster';
import {
  appNamespaces,
  namespaces,
  releases,
  removalOrder,
  type ReleaseSpec,
} from '../deploy/releases';
import type { DeployStep } from '../deploy/steps';

/**
 * Uninstalls the releases (dependents first). Namespaces, the database volume and its
 * password are kept unless `purge`, so a later deploy finds the data where it was.
 */
export function teardownPlan(o: {
  cluster: Cluster;
  helm: string;
  kubectl: string;
  prefix: string;
  purge: boolean;
  /** The release table (a test adds a row; scripts use the default). */
  releases?: readonly ReleaseSpec[];
}): DeployStep[] {
  const table = o.releases ?? releases;
  const ns = namespaces(o.prefix);
  const steps: DeployStep[] = removalOrder(table).map((r) => ({
    kind: 'uninstall',
    release: r.name,
    namespace: ns[r.role],
    title: `uninstall ${r.name} from ${ns[r.role]}`,
    command: o.helm,
    args: [
      'uninstall',
      r.name,
      '--namespace',
      ns[r.role],
      '--kube-context',
      o.cluster.context,
      '--ignore-not-found',
      '--wait',
    ],
  }));
  if (o.purge) {
    // Helm keeps a StatefulSet's volumes (and our chart keeps the generated password).
    for (const r of removalOrder(table).filter((r) => r.role === 'data')) {
      steps.push({
        kind: 'delete',
        release: r.name,
        namespace: ns.data,
        title: `delete the volumes and password of ${r.name} in ${ns.data}`,
        command: o.kubectl,
        args: [
          'delete',
          'pvc,secret',
          '--context',
          o.cluster.context,
          '-n',
          ns.data,
          '-l',
          `app.kubernetes.io/instance=${r.name}`,
          '--ignore-not-found',
        ],
      });
    }
    const all = appNamespaces(o.prefix, table);
    steps.push({
      kind: 'delete',
      title: `delete namespaces ${all.join(', ')}`,
      command: o.kubectl,
      args: ['delete', 'namespace', ...all, '--context', o.cluster.context, '--ignore-not-found'],
    });
  }
  return steps;
}
