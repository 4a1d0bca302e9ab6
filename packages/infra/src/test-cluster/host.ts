import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandRunner } from '../tools/runner';
import { MAX_SLOT, layout, paths, type Layout, type Paths } from './layout';

/** Host-side plumbing: the node's network namespace, host sysctls, mounts and cgroups. */

const vethHost = (l: Layout) => `${l.name}-h`;
const vethNode = (l: Layout) => `${l.name}-n`;

async function must(runner: CommandRunner, command: string, args: string[]): Promise<string> {
  const r = await runner.run(command, args);
  if (r.exitCode !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim()}`);
  }
  return r.stdout;
}

/** Runs a command inside the node's network namespace (host mount namespace). */
export function inNode(runner: CommandRunner, l: Layout, args: string[]) {
  return runner.run('nsenter', [`--net=${l.netnsPath}`, '--', ...args]);
}

/**
 * The node's network namespace: a veth to the host, a host route to the pod range, and no
 * default route inside, so nothing a pod sends can leave this machine.
 */
export async function createNetns(runner: CommandRunner, l: Layout): Promise<void> {
  const ip = (...a: string[]) => must(runner, 'ip', a);
  await ip('netns', 'add', l.name);
  await ip('link', 'add', vethHost(l), 'type', 'veth', 'peer', 'name', vethNode(l));
  await ip('link', 'set', vethNode(l), 'netns', l.name);
  await ip('addr', 'add', `${l.hostIp}/30`, 'dev', vethHost(l));
  await ip('link', 'set', vethHost(l), 'up');
  await ip('-n', l.name, 'addr', 'add', `${l.nodeIp}/30`, 'dev', vethNode(l));
  await ip('-n', l.name, 'link', 'set', vethNode(l), 'up');
  await ip('-n', l.name, 'link', 'set', 'lo', 'up');
  await ip('route', 'add', l.clusterCidr, 'via', l.nodeIp, 'dev', vethHost(l));
  // Per-namespace settings: the node routes for its pods, and bridged pod-to-pod traffic
  // passes iptables (kube-proxy's hairpin, kube-router's policies).
  const sysctl = await inNode(runner, l, [
    'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', 'net.bridge.bridge-nf-call-iptables=1',
  ]); // prettier-ignore
  if (sysctl.exitCode !== 0)
    throw new Error(`sysctl in the node namespace: ${sysctl.stderr.trim()}`);
}

export async function deleteNetns(runner: CommandRunner, l: Layout): Promise<void> {
  if (existsSync(l.netnsPath)) await must(runner, 'ip', ['netns', 'delete', l.name]);
  // Deleting the namespace deletes the veth pair and its route; a half-made one may remain.
  await runner.run('ip', ['link', 'delete', vethHost(l)]);
}

/** Host-wide sysctls the kubelet sets (not namespaced): saved at `up`, restored at `down`. */
export const KUBELET_HOST_SYSCTLS = [
  'vm/overcommit_memory',
  'kernel/panic',
  'kernel/panic_on_oops',
];

/** Saved-sysctl files of the other slots' clusters that are up (or were not brought down). */
function otherSlotsSaved(l: Layout): string[] {
  const files: string[] = [];
  for (let slot = 0; slot <= MAX_SLOT; slot++) {
    if (slot === l.slot) continue;
    const f = paths(layout({ repoRoot: '', cacheDir: '', slot })).savedSysctls;
    if (existsSync(f)) files.push(f);
  }
  return files;
}

/**
 * Saves the host's values before our kubelet changes them. With another slot up, its kubelet
 * may have changed them already: its saved file holds the host's own values, so copy that.
 */
export async function saveHostSysctls(l: Layout, p: Paths): Promise<void> {
  if (existsSync(p.savedSysctls)) return;
  const other = otherSlotsSaved(l)[0];
  if (other) {
    copyFileSync(other, p.savedSysctls);
    return;
  }
  const saved = Object.fromEntries(
    KUBELET_HOST_SYSCTLS.map((k) => [k, readFileSync(`/proc/sys/${k}`, 'utf8').trim()]),
  );
  await writeFile(p.savedSysctls, JSON.stringify(saved));
}

/** Restores the saved values, unless another slot's kubelet still runs (the last one restores). */
export async function restoreHostSysctls(
  l: Layout,
  p: Paths,
): Promise<'restored' | 'kept' | 'none'> {
  if (!existsSync(p.savedSysctls)) return 'none';
  if (otherSlotsSaved(l).length) return 'kept';
  const saved = JSON.parse(await readFile(p.savedSysctls, 'utf8')) as Record<string, string>;
  for (const [k, v] of Object.entries(saved)) await writeFile(`/proc/sys/${k}`, v);
  return 'restored';
}

/** Mount points at or below any of `roots`, deepest first (the order to unmount them). */
export function mountsUnder(mountinfo: string, roots: string[]): string[] {
  const points = mountinfo
    .split('\n')
    .filter(Boolean)
    // Field 5 is the mount point, with spaces and the like octal-escaped.
    .map((line) =>
      line.split(' ')[4]!.replace(/\\(\d{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8))),
    )
    .filter((m) => roots.some((r) => m === r || m.startsWith(r.endsWith('/') ? r : `${r}/`)));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

export async function unmountAll(runner: CommandRunner, roots: string[]): Promise<string[]> {
  const left: string[] = [];
  for (let round = 0; round < 3; round++) {
    const points = mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), roots);
    if (points.length === 0) return [];
    left.length = 0;
    for (const m of points) {
      const r = await runner.run('umount', [m]);
      if (r.exitCode !== 0) {
        const lazy = await runner.run('umount', ['-l', m]);
        if (lazy.exitCode !== 0) left.push(m);
      }
    }
  }
  return mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), roots);
}

const CGROUP_FS = '/sys/fs/cgroup';

/** The mounted cgroup hierarchies (cgroups v1 hybrid: one dir per controller, plus unified). */
function hierarchies(): string[] {
  if (!existsSync(CGROUP_FS)) return [];
  return readdirSync(CGROUP_FS)
    .map((e) => path.join(CGROUP_FS, e))
    .filter((d) => {
      // `cpu,cpuacct`-style aliases are symlinks to a hierarchy listed under its own name.
      const st = lstatSync(d);
      return st.isDirectory() && !st.isSymbolicLink() && existsSync(path.join(d, 'cgroup.procs'));
    });
}

/**
 * The kubelet's cgroup root in every hierarchy: it must exist before the kubelet starts. A new
 * cpuset cgroup has no CPUs or memory nodes until given its parent's.
 */
export function createPodCgroups(l: Layout): void {
  for (const h of hierarchies()) {
    const dir = path.join(h, l.cgroupRoot);
    if (existsSync(dir)) continue;
    mkdirSync(dir);
    for (const f of ['cpuset.cpus', 'cpuset.mems']) {
      const parent = path.join(h, f);
      if (existsSync(parent))
        writeFileSync(path.join(dir, f), readFileSync(parent, 'utf8').trim() || '\n');
    }
  }
}

/** Removes this slot's cgroup tree (<hierarchy>/<cgroupRoot>) in every hierarchy, and only it. */
export function removePodCgroups(l: Layout): void {
  const rmTree = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const sub = path.join(dir, e);
      try {
        if (statSync(sub).isDirectory()) rmTree(sub);
      } catch {
        // Vanished meanwhile.
      }
    }
    try {
      rmdirSync(dir);
    } catch {
      // Busy (a process still inside) or already gone: `down` reports leftover processes.
    }
  };
  for (const h of hierarchies()) {
    const root = path.join(h, l.cgroupRoot);
    if (existsSync(root)) rmTree(root);
  }
}

/**
 * Files the kubelet and CNI write to fixed host paths: pod logs under /var/log/pods (named
 * `<ns>_<pod>_<uid>`; ours are the uids under our kubelet's root dir), their symlinks in
 * /var/log/containers, and libcni's result cache named after our network.
 */
export function removeHostLeftovers(networkName: string, kubeletRoot: string): void {
  const podsDir = path.join(kubeletRoot, 'pods');
  const uids = new Set(existsSync(podsDir) ? readdirSync(podsDir) : []);
  const logs = '/var/log/pods';
  if (existsSync(logs)) {
    for (const e of readdirSync(logs)) {
      if (uids.has(e.split('_').at(-1)!))
        rmSync(path.join(logs, e), { recursive: true, force: true });
    }
  }
  const links = '/var/log/containers';
  if (existsSync(links)) {
    for (const e of readdirSync(links)) {
      // A symlink into a pod log dir that is now gone.
      if (!existsSync(path.join(links, e))) rmSync(path.join(links, e), { force: true });
    }
  }
  const results = '/var/lib/cni/results';
  if (existsSync(results)) {
    for (const e of readdirSync(results)) {
      if (e.startsWith(`${networkName}-`)) rmSync(path.join(results, e), { force: true });
    }
  }
}
