import path from 'node:path';

/**
 * Where the test cluster lives on this machine and how its network is laid out. One cluster per
 * machine: the node's network namespace and addresses are machine-wide names.
 */
export interface Layout {
  /** Kube context, cluster and node name; also the network namespace's name. */
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
}

export const CONTEXT_NAME = 'todo-ci';

/** The kubeconfig cluster extension that marks this cluster as the project's local test cluster. */
export const KUBECONFIG_MARKER = { name: 'todo-ci', provider: 'test-cluster.todo-k8s.local' };

export function layout(o: { repoRoot: string; cacheDir: string; stateRoot?: string }): Layout {
  const name = CONTEXT_NAME;
  const stateDir = o.stateRoot ?? `/var/lib/${name}`;
  return {
    name,
    cacheDir: o.cacheDir,
    stateDir,
    runDir: `/run/${name}`,
    userKubeconfig: path.join(o.repoRoot, '.cluster', 'kubeconfig'),
    netnsPath: `/var/run/netns/${name}`,
    hostIp: '10.250.0.1',
    nodeIp: '10.250.0.2',
    podCidr: '10.244.0.0/24',
    clusterCidr: '10.244.0.0/16',
    serviceCidr: '10.96.0.0/16',
    apiServiceIp: '10.96.0.1',
    dnsServiceIp: '10.96.0.10',
    apiPort: 6443,
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
    cniConfDir: path.join(s, 'cni', 'net.d'),
    cniCacheDir: path.join(s, 'cni', 'cache'),
    localPathDir: path.join(s, 'local-path'),
    savedSysctls: path.join(s, 'host-sysctls.json'),
    bin: path.join(l.cacheDir, 'bin'),
    images: path.join(l.cacheDir, 'images'),
  };
}

export type Paths = ReturnType<typeof paths>;
