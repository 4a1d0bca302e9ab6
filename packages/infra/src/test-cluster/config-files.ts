import path from 'node:path';
import { stringify } from 'yaml';
import { CONTEXT_NAME, KUBECONFIG_MARKER, type Layout, type Paths } from './layout';

/**
 * The node's configuration files, as pure functions of the layout. Each setting that departs
 * from upstream defaults does so for a reason this machine gives (see docs/test-cluster.md).
 */

/** containerd 1.6 (config version 2), apart from Docker's own containerd. */
export function containerdConfig(l: Layout, p: Paths, pauseImage: string): string {
  return `version = 2
root = "${p.containerdRoot}"
state = "${p.containerdState}"
oom_score = 0

[grpc]
  address = "${p.containerdSocket}"

[ttrpc]
  address = "${p.containerdSocket}.ttrpc"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  # No CAP_SYS_RESOURCE here: runc may not lower oom_score_adj below the runtime's own.
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${p.runcRoot}"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${p.cniConfDir}"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "${path.join(l.stateDir, 'opt')}"
`;
}

/** One bridge on the node, host-local addresses from the node's podCIDR. */
export function cniConflist(l: Layout, p: Paths): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      // libcni caches results machine-wide in /var/lib/cni/results, keyed by this name.
      name: l.name,
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni0',
          isGateway: true,
          ipMasq: true,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: l.podCidr }]],
            routes: [{ dst: '0.0.0.0/0' }],
            dataDir: path.join(p.cniCacheDir, 'ipam'),
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  );
}

export function kubeletConfig(l: Layout, p: Paths): string {
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: l.nodeIp,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: path.join(p.pki, 'ca.crt') },
    },
    authorization: { mode: 'Webhook' },
    // cgroups v1 hybrid here: cgroupfs, and v1 is allowed explicitly (mandatory from 1.35).
    cgroupDriver: 'cgroupfs',
    failCgroupV1: false,
    // Our own cgroup tree (made by `up`): `down` removes it without touching another slot's pods.
    cgroupRoot: l.cgroupRoot,
    containerRuntimeEndpoint: `unix://${p.containerdSocket}`,
    clusterDNS: [l.dnsServiceIp],
    clusterDomain: 'cluster.local',
    // No host resolver inside pods: nothing resolves or leaves past the cluster.
    resolvConf: '',
    failSwapOn: false,
    serializeImagePulls: false,
    // Images are imported, never pulled: garbage collection must not remove them.
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    evictionHard: {
      'memory.available': '100Mi',
      'nodefs.available': '1%',
      'nodefs.inodesFree': '1%',
      'imagefs.available': '1%',
    },
    maxPods: 110,
    rotateCertificates: false,
    serverTLSBootstrap: false,
  });
}

export function kubeProxyConfig(l: Layout, kubeconfig: string): string {
  return stringify({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig },
    // No IPVS in this kernel.
    mode: 'iptables',
    clusterCIDR: l.clusterCidr,
    hostnameOverride: l.name,
    bindAddress: l.nodeIp,
    healthzBindAddress: '127.0.0.1:10256',
    metricsBindAddress: '127.0.0.1:10249',
    // nf_conntrack_max is read-only outside the root network namespace: leave it alone.
    conntrack: {
      maxPerCore: 0,
      min: 0,
      tcpEstablishedTimeout: '0s',
      tcpCloseWaitTimeout: '0s',
    },
  });
}

export interface KubeconfigUser {
  user: string;
  cert: string;
  key: string;
}

/** A kubeconfig with embedded certificates, context `todo-ci`, marked as the test cluster. */
export function kubeconfig(o: {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  user: string;
  /** Written into the marker so the deploy imports images through it (--image-loader containerd). */
  containerdSocket: string;
}): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CONTEXT_NAME,
        cluster: {
          server: o.server,
          'certificate-authority-data': b64(o.caPem),
          extensions: [
            {
              name: 'cluster_info',
              extension: {
                provider: KUBECONFIG_MARKER.provider,
                containerdSocket: o.containerdSocket,
              },
            },
          ],
        },
      },
    ],
    users: [
      {
        name: o.user,
        user: { 'client-certificate-data': b64(o.certPem), 'client-key-data': b64(o.keyPem) },
      },
    ],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: o.user } }],
    'current-context': CONTEXT_NAME,
  });
}
