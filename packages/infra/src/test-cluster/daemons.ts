import path from 'node:path';
import type { Layout, Paths } from './layout';

/** One long-running process of the node, started inside the node's network namespace. */
export interface Daemon {
  name: string;
  binary: string;
  args: string[];
}

/** Config file names the daemons read (written by up.ts). */
export const configFile = (p: Paths, name: string) => path.join(p.config, name);
const pki = (p: Paths, name: string) => path.join(p.pki, name);

/** The control plane, in start order. */
export function controlPlane(l: Layout, p: Paths): Daemon[] {
  const bin = (b: string) => path.join(p.bin, b);
  const etcdUrl = 'http://127.0.0.1:2379';
  return [
    {
      name: 'etcd',
      binary: bin('etcd'),
      args: [
        `--name=${l.name}`,
        `--data-dir=${p.etcdData}`,
        // Inside the node's namespace: loopback there is reachable from nothing else.
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        '--listen-peer-urls=http://127.0.0.1:2380',
        '--initial-advertise-peer-urls=http://127.0.0.1:2380',
        `--initial-cluster=${l.name}=http://127.0.0.1:2380`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        // A throwaway test cluster on a loaded disk: durability is not the point.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
    },
    {
      name: 'kube-apiserver',
      binary: bin('kube-apiserver'),
      args: [
        `--etcd-servers=${etcdUrl}`,
        `--advertise-address=${l.nodeIp}`,
        '--bind-address=0.0.0.0',
        `--secure-port=${l.apiPort}`,
        `--service-cluster-ip-range=${l.serviceCidr}`,
        '--authorization-mode=Node,RBAC',
        '--enable-admission-plugins=NodeRestriction',
        '--allow-privileged=true',
        `--client-ca-file=${pki(p, 'ca.crt')}`,
        `--tls-cert-file=${pki(p, 'apiserver.crt')}`,
        `--tls-private-key-file=${pki(p, 'apiserver.key')}`,
        `--kubelet-client-certificate=${pki(p, 'apiserver-kubelet-client.crt')}`,
        `--kubelet-client-key=${pki(p, 'apiserver-kubelet-client.key')}`,
        '--kubelet-preferred-address-types=InternalIP',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki(p, 'sa.pub')}`,
        `--service-account-signing-key-file=${pki(p, 'sa.key')}`,
        '--profiling=false',
        '--v=1',
      ],
    },
    {
      name: 'kube-controller-manager',
      binary: bin('kube-controller-manager'),
      args: [
        ...componentKubeconfigArgs(configFile(p, 'controller-manager.kubeconfig')),
        '--bind-address=127.0.0.1',
        '--leader-elect=false',
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki(p, 'sa.key')}`,
        // Publishes kube-root-ca.crt into every namespace.
        `--root-ca-file=${pki(p, 'ca.crt')}`,
        `--cluster-signing-cert-file=${pki(p, 'ca.crt')}`,
        `--cluster-signing-key-file=${pki(p, 'ca.key')}`,
        '--allocate-node-cidrs=true',
        `--cluster-cidr=${l.clusterCidr}`,
        '--node-cidr-mask-size=24',
        `--service-cluster-ip-range=${l.serviceCidr}`,
        '--profiling=false',
        '--v=1',
      ],
    },
    {
      name: 'kube-scheduler',
      binary: bin('kube-scheduler'),
      args: [
        ...componentKubeconfigArgs(configFile(p, 'scheduler.kubeconfig')),
        '--bind-address=127.0.0.1',
        '--leader-elect=false',
        '--profiling=false',
        '--v=1',
      ],
    },
  ];
}

function componentKubeconfigArgs(file: string): string[] {
  return [
    `--kubeconfig=${file}`,
    `--authentication-kubeconfig=${file}`,
    `--authorization-kubeconfig=${file}`,
  ];
}

/** The node: runtime, kubelet, service proxy and NetworkPolicy enforcer, in start order. */
export function nodeDaemons(l: Layout, p: Paths): Daemon[] {
  const bin = (b: string) => path.join(p.bin, b);
  return [
    {
      name: 'containerd',
      binary: '/usr/bin/containerd',
      args: ['--config', configFile(p, 'containerd.toml')],
    },
    {
      name: 'kubelet',
      binary: bin('kubelet'),
      args: [
        `--config=${configFile(p, 'kubelet.yaml')}`,
        `--kubeconfig=${configFile(p, 'kubelet.kubeconfig')}`,
        `--root-dir=${p.kubeletRoot}`,
        `--cert-dir=${path.join(p.kubeletRoot, 'pki')}`,
        `--node-ip=${l.nodeIp}`,
        `--hostname-override=${l.name}`,
        '--v=1',
      ],
    },
    {
      name: 'kube-proxy',
      binary: bin('kube-proxy'),
      args: [`--config=${configFile(p, 'kube-proxy.yaml')}`, '--v=1'],
    },
    {
      // Firewall only: kube-proxy serves Services and the bridge CNI routes pods.
      name: 'kube-router',
      binary: bin('kube-router'),
      args: [
        '--run-firewall=true',
        '--run-router=false',
        '--run-service-proxy=false',
        `--kubeconfig=${configFile(p, 'kube-router.kubeconfig')}`,
        `--hostname-override=${l.name}`,
        `--service-cluster-ip-range=${l.serviceCidr}`,
        '--health-port=20244',
        '--v=1',
      ],
    },
  ];
}

export const allDaemons = (l: Layout, p: Paths) => [...controlPlane(l, p), ...nodeDaemons(l, p)];
