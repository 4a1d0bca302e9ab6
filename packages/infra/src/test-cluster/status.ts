import { allDaemons } from './daemons';
import { kube } from './kube';
import { layout, paths } from './layout';
import { isAlive, readPid } from './processes';
import { adminKubeconfig, type ClusterOptions } from './up';

export interface ComponentState {
  name: string;
  state: 'running' | 'stopped';
  pid?: number;
}

export interface StatusReport {
  components: ComponentState[];
  /** The node's Ready condition, or why it is unknown. */
  node: string;
  kubeconfig: string;
}

/** `cluster status`: each daemon by its pid file, and the node as the API server sees it. */
export async function status(o: ClusterOptions): Promise<StatusReport> {
  const l = layout({
    repoRoot: o.repoRoot,
    cacheDir: o.cacheDir,
    stateRoot: o.stateRoot,
    slot: o.slot,
  });
  const p = paths(l);
  const components: ComponentState[] = [];
  for (const d of allDaemons(l, p)) {
    const rec = await readPid(p, d.name);
    components.push(
      rec && isAlive(rec)
        ? { name: d.name, state: 'running', pid: rec.pid }
        : { name: d.name, state: 'stopped' },
    );
  }
  let node = 'unknown (API server not running)';
  if (components.some((c) => c.name === 'kube-apiserver' && c.state === 'running')) {
    const r = await kube(o.runner, o.kubectl, adminKubeconfig(p)).run([
      'get', 'node', l.name, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    ]); // prettier-ignore
    node =
      r.exitCode === 0
        ? r.stdout.trim() === 'True'
          ? 'Ready'
          : 'NotReady'
        : `unknown (${r.stderr.trim()})`;
  }
  return { components, node, kubeconfig: l.userKubeconfig };
}
