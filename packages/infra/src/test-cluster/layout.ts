import path from 'node:path';

/**
 * Where the test cluster lives on this machine and how its network is laid out. The node's
 * network namespace, addresses, cgroups and state paths are machine-wide names, so each cluster
 * on one machine runs in its own slot (TODO_CLUSTER_SLOT): slot 0 is `todo-ci`, slot N `todo-ciN`.
 */
export interface Layout {
  slot: number;
  /** Cluster, node, network namespace, CNI network and cgroup root name (todo-ci, todo-ci1, ...). */
  name: string;
  /** Binaries and images built by tools/cluster/build.sh. */
  cacheDir: string;
  /** Everything the running cluster writes: PKI, configs, data, logs, pid files. */
  stateDir: string;
  /** Sockets and containerd's state (tmpfs-like, lost on reboot). */
  runDir: string;
  /** The kubeconfig handed to users: <repo>/.cluster/kubeconfig. */
  userKubeconfig: string;
  netnsPath: string;
  hostIp: string;
  nodeIp: string;
  podCidr: string;
  /** The range kube-controller-manager hands node podCIDRs from (one /24 node here). */
  clusterCidr: string;
  serviceCidr: string;
  apiServiceIp: string;
  dnsServiceIp: string;
  apiPort: number;
  /** The kubelet's cgroup root (cgroupfs): pods live in <hierarchy>/<cgroupRoot>/kubepods. */
  cgroupRoot: string;
}

/** Slots 0..9: the pod range 10.(244+N).0.0/16 must stay inside 10.244.0.0-10.253.255.255. */
export const MAX_SLOT = 9;

/** TODO_CLUSTER_SLOT, default 0; anything but 0..9 is an error naming the variable. */
export function clusterSlot(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TODO_CLUSTER_SLOT?.trim();
  if (raw === undefined || raw === '') return 0;
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_SLOT) {
    throw new Error(`TODO_CLUSTER_SLOT must be an integer 0..${MAX_SLOT} (got "${raw}")`);
  }
  return Number(raw);
}

/** The kube context in .cluster/kubeconfig, whatever the slot: the deploy detects it by name. */
export const CONTEXT_NAME = 'todo-ci';

/** The kubeconfig cluster extension that marks this cluster as the project's local test cluster. */
export const KUBECONFIG_MARKER = { name: 'todo-ci', provider: 'test-cluster.todo-k8s.local' };

export function layout(o: {
  repoRoot: string;
  cacheDir: string;
  stateRoot?: string;
  slot?: number;
}): Layout {
  const slot = o.slot ?? clusterSlot();
  const name = slot === 0 ? CONTEXT_NAME : `${CONTEXT_NAME}${slot}`;
  const stateDir = o.stateRoot ?? `/var/lib/${name}`;
  return {
    slot,
    name,
    cacheDir: o.cacheDir,
    stateDir,
    runDir: `/run/${name}`,
    userKubeconfig: path.join(o.repoRoot, '.cluster', 'kubeconfig'),
    netnsPath: `/var/run/netns/${name}`,
    hostIp: `10.250.${slot}.1`,
    nodeIp: `10.250.${slot}.2`,
    // Each slot's pod range is its own /16: the host routes it to that slot's node.
    podCidr: `10.${244 + slot}.0.0/24`,
    clusterCidr: `10.${244 + slot}.0.0/16`,
    serviceCidr: '10.96.0.0/16',
    apiServiceIp: '10.96.0.1',
    dnsServiceIp: '10.96.0.10',
    apiPort: 6443,
    cgroupRoot: `/${name}`,
  };
}

/** Paths inside the state dir, named once so up, down and status agree. */
export function paths(l: Layout) {
  const s = l.stateDir;
  return {
    pki: path.join(s, 'pki'),
    config: path.join(s, 'config'),
    logs: path.join(s, 'logs'),
    pids: path.join(s, 'pids'),
    etcdData: path.join(s, 'etcd'),
    kubeletRoot: path.join(s, 'kubelet'),
    containerdRoot: path.join(s, 'containerd'),
    containerdState: path.join(l.runDir, 'containerd'),
    containerdSocket: path.join(l.runDir, 'containerd', 'containerd.sock'),
    // runc's state; its default /run/containerd/runc is shared by every containerd on the host.
    runcRoot: path.join(l.runDir, 'runc'),
    cniConfDir: path.join(s, 'cni', 'net.d'),
    cniCacheDir: path.join(s, 'cni', 'cache'),
    localPathDir: path.join(s, 'local-path'),
    savedSysctls: path.join(s, 'host-sysctls.json'),
    bin: path.join(l.cacheDir, 'bin'),
    images: path.join(l.cacheDir, 'images'),
  };
}

export type Paths = ReturnType<typeof paths>;
