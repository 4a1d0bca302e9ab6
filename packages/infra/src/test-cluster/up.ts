import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandRunner } from '../tools/runner';
import { coreDns, kubeRouterRbac, localPath, type AddonImages } from './addons';
import {
  containerdConfig,
  cniConflist,
  kubeconfig,
  kubeletConfig,
  kubeProxyConfig,
} from './config-files';
import { allDaemons, configFile, controlPlane, nodeDaemons, type Daemon } from './daemons';
import { createNetns, createPodCgroups, inNode, saveHostSysctls } from './host';
import { kube, retry, type Kube } from './kube';
import { layout, paths, type Layout, type Paths } from './layout';
import { ensurePki } from './pki';
import { runProbes, type ProbeResult } from './probes';
import { isAlive, readPid, startDaemon } from './processes';
import { down } from './down';

export interface ClusterOptions {
  repoRoot: string;
  /** The dir tools/cluster/build.sh printed (bin/, images/, versions.json). */
  cacheDir: string;
  kubectl: string;
  runner: CommandRunner;
  log: (line: string) => void;
  stateRoot?: string;
  /** TODO_CLUSTER_SLOT when absent (see layout.ts). */
  slot?: number;
}

export interface Versions extends Record<string, unknown> {
  kubernetes: string;
  images: AddonImages;
}

export interface UpReport {
  reused: boolean;
  kubeconfig: string;
  probes: ProbeResult[];
  versions: Record<string, string>;
  seconds: number;
}

export const adminKubeconfig = (p: Paths) => configFile(p, 'admin.kubeconfig');

export async function readVersions(cacheDir: string): Promise<Versions> {
  return JSON.parse(await readFile(path.join(cacheDir, 'versions.json'), 'utf8')) as Versions;
}

/** True when every daemon we started still runs and the API server answers ready. */
export async function isRunning(o: ClusterOptions, l: Layout, p: Paths): Promise<boolean> {
  for (const d of allDaemons(l, p)) {
    const rec = await readPid(p, d.name);
    if (!rec || !isAlive(rec)) return false;
  }
  const r = await kube(o.runner, o.kubectl, adminKubeconfig(p)).run(['get', '--raw', '/readyz']);
  return r.exitCode === 0;
}

async function writeConfigs(l: Layout, p: Paths, images: AddonImages): Promise<void> {
  await mkdir(p.config, { recursive: true, mode: 0o700 });
  await mkdir(p.cniConfDir, { recursive: true });
  const pem = (f: string) => readFile(path.join(p.pki, f), 'utf8');
  const ca = await pem('ca.crt');
  const kc = async (file: string, cert: string, server: string) =>
    writeFile(
      configFile(p, file),
      kubeconfig({
        server,
        caPem: ca,
        certPem: await pem(`${cert}.crt`),
        keyPem: await pem(`${cert}.key`),
        user: cert,
        containerdSocket: p.containerdSocket,
      }),
      { mode: 0o600 },
    );
  const local = `https://127.0.0.1:${l.apiPort}`;
  await kc('admin.kubeconfig', 'admin', `https://${l.nodeIp}:${l.apiPort}`);
  await kc('controller-manager.kubeconfig', 'controller-manager', local);
  await kc('scheduler.kubeconfig', 'scheduler', local);
  await kc('kubelet.kubeconfig', 'kubelet', local);
  await kc('kube-proxy.kubeconfig', 'kube-proxy', local);
  await kc('kube-router.kubeconfig', 'kube-router', local);
  await writeFile(configFile(p, 'containerd.toml'), containerdConfig(l, p, images.pause));
  await writeFile(path.join(p.cniConfDir, '10-todo-ci.conflist'), cniConflist(l, p));
  await writeFile(configFile(p, 'kubelet.yaml'), kubeletConfig(l, p));
  await writeFile(
    configFile(p, 'kube-proxy.yaml'),
    kubeProxyConfig(l, configFile(p, 'kube-proxy.kubeconfig')),
  );
}

async function start(
  o: ClusterOptions,
  l: Layout,
  p: Paths,
  d: Daemon,
  ready: () => Promise<unknown>,
) {
  const t = Date.now();
  const rec = await startDaemon(l, p, d);
  await retry(
    `${d.name} becoming ready (log: ${path.join(p.logs, `${d.name}.log`)})`,
    180_000,
    async () => {
      if (!isAlive(rec)) throw new Error(`${d.name} exited`);
      return ready();
    },
  );
  o.log(`${d.name} running (pid ${rec.pid}, ${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

/** Imports every image tar of the build cache that containerd's k8s.io namespace lacks. */
async function importImages(o: ClusterOptions, p: Paths, tars: string[]): Promise<void> {
  const ctr = (args: string[]) =>
    o.runner.run('ctr', ['--address', p.containerdSocket, '-n', 'k8s.io', ...args]);
  for (const tar of tars) {
    const r = await ctr(['images', 'import', '--no-unpack=false', tar]);
    if (r.exitCode !== 0) throw new Error(`ctr images import ${tar}: ${r.stderr.trim()}`);
  }
}

async function bringUp(
  o: ClusterOptions,
  l: Layout,
  p: Paths,
  v: Versions,
  k: Kube,
): Promise<void> {
  await down(o, { quiet: true });
  for (const dir of [p.logs, p.pids, p.etcdData, p.kubeletRoot, p.containerdRoot, p.localPathDir]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  await saveHostSysctls(l, p);
  await writeFile(path.join(l.stateDir, 'cache-dir'), o.cacheDir);
  await ensurePki(o.runner, l, p.pki);
  await writeConfigs(l, p, v.images);
  await createNetns(o.runner, l);
  o.log(`node namespace ${l.netnsPath}: ${l.nodeIp} (host side ${l.hostIp}), pods ${l.podCidr}`);

  const [etcd, apiserver, cm, scheduler] = controlPlane(l, p);
  // Health endpoints listen on the node's loopback: ask from inside its namespace.
  const curl = async (url: string) => {
    const r = await inNode(o.runner, l, ['curl', '-kfsS', '--max-time', '2', url]);
    if (r.exitCode !== 0) throw new Error(r.stderr.trim() || `${url} not ready`);
  };
  await start(o, l, p, etcd!, () => curl('http://127.0.0.1:2379/health'));
  await start(o, l, p, apiserver!, () => k.must(['get', '--raw', '/readyz']));
  await start(o, l, p, cm!, () => curl('https://127.0.0.1:10257/healthz'));
  await start(o, l, p, scheduler!, () => curl('https://127.0.0.1:10259/healthz'));

  const [containerd, kubelet, proxy, router] = nodeDaemons(l, p);
  await start(o, l, p, containerd!, async () => {
    if (!existsSync(p.containerdSocket)) throw new Error('no socket yet');
    const r = await o.runner.run('ctr', ['--address', p.containerdSocket, 'version']);
    if (r.exitCode !== 0) throw new Error(r.stderr);
  });
  const tars = (await readdir(p.images))
    .filter((f) => f.endsWith('.tar'))
    .map((f) => path.join(p.images, f));
  await importImages(o, p, tars);
  o.log(`imported ${tars.length} images into containerd (k8s.io)`);

  createPodCgroups(l);
  await start(o, l, p, kubelet!, () => k.must(['get', 'node', l.name]));
  await k.apply(kubeRouterRbac());
  await start(o, l, p, proxy!, () => curl('http://127.0.0.1:10256/healthz'));
  await start(o, l, p, router!, () => curl('http://127.0.0.1:20244/healthz'));
  await retry('the node becoming Ready', 180_000, () =>
    k.must(['wait', '--for=condition=Ready', `node/${l.name}`, '--timeout=10s']),
  );
  o.log(`node ${l.name} Ready`);
  await k.apply(coreDns(l, v.images));
  await k.apply(localPath(p, v.images));
  await k.must(['rollout', 'status', '-n', 'kube-system', 'deployment/coredns', '--timeout=180s']);
  await k.must([
    'rollout',
    'status',
    '-n',
    'local-path-storage',
    'deployment/local-path-provisioner',
    '--timeout=180s',
  ]);
  o.log('CoreDNS and local-path-provisioner available');
}

/** `cluster up`: starts the cluster or reuses a running one, proves it works, writes the kubeconfig. */
export async function up(o: ClusterOptions): Promise<UpReport> {
  const started = Date.now();
  const l = layout({
    repoRoot: o.repoRoot,
    cacheDir: o.cacheDir,
    stateRoot: o.stateRoot,
    slot: o.slot,
  });
  const p = paths(l);
  const v = await readVersions(o.cacheDir);
  const k = kube(o.runner, o.kubectl, adminKubeconfig(p));
  const reused = existsSync(adminKubeconfig(p)) && (await isRunning(o, l, p));
  if (reused) o.log('cluster already running: reusing it');
  else await bringUp(o, l, p, v, k);

  await mkdir(path.dirname(l.userKubeconfig), { recursive: true });
  await writeFile(l.userKubeconfig, await readFile(adminKubeconfig(p), 'utf8'), { mode: 0o600 });
  await writeClusterValues(l, v.images);
  const probes = await runProbes(k, v.images);
  const failed = probes.filter((r) => !r.ok);
  if (failed.length) {
    throw new Error(
      `cluster probes failed: ${failed.map((f) => `${f.name} (${f.detail})`).join('; ')}`,
    );
  }
  const { images: _images, ...rest } = v;
  const versions = Object.fromEntries(Object.entries(rest).map(([key, val]) => [key, String(val)]));
  versions.containerd = await runtimeVersion(k, l);
  return {
    reused,
    kubeconfig: l.userKubeconfig,
    probes,
    versions,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Where `cluster up` puts values files the deploy adds for this cluster (see clusterValues). */
export const clusterValuesDir = (l: Layout) => path.join(path.dirname(l.userKubeconfig), 'values');

/**
 * The postgres chart pins an image from Docker Hub, which this cluster cannot pull: point it at
 * the local stand-in imported into containerd (docs/test-cluster.md).
 */
async function writeClusterValues(l: Layout, images: AddonImages): Promise<void> {
  if (!images.postgres) return;
  const at = images.postgres.lastIndexOf(':');
  await mkdir(clusterValuesDir(l), { recursive: true });
  await writeFile(
    path.join(clusterValuesDir(l), 'postgres.yaml'),
    `# Written by pnpm run cluster up: the local stand-in for postgres:17.6-bookworm (no registry here).\n` +
      `image:\n  repository: ${images.postgres.slice(0, at)}\n  tag: ${images.postgres.slice(at + 1)}\n  pullPolicy: Never\n`,
  );
}

async function runtimeVersion(k: Kube, l: Layout): Promise<string> {
  const out = await k.run([
    'get',
    'node',
    l.name,
    '-o',
    'jsonpath={.status.nodeInfo.containerRuntimeVersion}',
  ]);
  return out.stdout.trim();
}
