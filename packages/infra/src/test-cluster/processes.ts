import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Daemon } from './daemons';
import type { Layout, Paths } from './layout';

/** What a pid file holds: enough to tell our process from a later one that reused the pid. */
export interface PidRecord {
  pid: number;
  binary: string;
  /** Process start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTicks: number;
}

export function startTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** True when the recorded process still runs and is the same process (not a reused pid). */
export function isAlive(rec: PidRecord): boolean {
  return startTicks(rec.pid) === rec.startTicks;
}

const pidFile = (p: Paths, name: string) => path.join(p.pids, `${name}.json`);

export async function readPid(p: Paths, name: string): Promise<PidRecord | undefined> {
  try {
    return JSON.parse(await readFile(pidFile(p, name), 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/**
 * Starts a daemon inside the node's network namespace. `nsenter --net=` (not `ip netns exec`,
 * which remounts /sys and leaves runc without a cgroup mount) execs the binary, so the pid we
 * record is the daemon's own.
 */
export async function startDaemon(l: Layout, p: Paths, d: Daemon): Promise<PidRecord> {
  await mkdir(p.logs, { recursive: true });
  await mkdir(p.pids, { recursive: true });
  const log = openSync(path.join(p.logs, `${d.name}.log`), 'a');
  const child = spawn('nsenter', [`--net=${l.netnsPath}`, '--', d.binary, ...d.args], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root' },
  });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error(`could not start ${d.name}`);
  const rec: PidRecord = { pid, binary: d.binary, startTicks: startTicks(pid) ?? 0 };
  await writeFile(pidFile(p, d.name), JSON.stringify(rec));
  return rec;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, a grace period, then SIGKILL; only if the pid is still the process we started. */
export async function stopPid(rec: PidRecord, graceMs = 15_000): Promise<void> {
  if (!isAlive(rec)) return;
  try {
    process.kill(rec.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(rec)) return;
    await sleep(200);
  }
  try {
    process.kill(rec.pid, 'SIGKILL');
  } catch {
    // Gone between the check and the kill.
  }
  while (isAlive(rec)) await sleep(100);
}

export async function stopDaemon(p: Paths, name: string): Promise<void> {
  const rec = await readPid(p, name);
  if (rec) await stopPid(rec);
  await rm(pidFile(p, name), { force: true });
}

/** Inode of a network namespace file, to recognise the processes living in it. */
export function netnsInode(nsPath: string): number | undefined {
  try {
    return statSync(nsPath).ino;
  } catch {
    return undefined;
  }
}

/**
 * Processes the cluster left behind that have no pid file: containerd's shims (they live in the
 * node's namespace) and container processes (in this slot's cgroup root, e.g. /todo-ci/kubepods).
 */
export function leftoverProcesses(
  nodeNetnsInode: number | undefined,
  cgroupRoot: string,
): PidRecord[] {
  const inOurCgroups = new RegExp(
    `:${cgroupRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|$)`,
    'm',
  );
  const found: PidRecord[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const ns = readlinkSync(`/proc/${pid}/ns/net`);
      const inNode = nodeNetnsInode !== undefined && ns === `net:[${nodeNetnsInode}]`;
      const cgroups = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
      const inPods = inOurCgroups.test(cgroups);
      if (!inNode && !inPods) continue;
      const ticks = startTicks(pid);
      if (ticks === undefined) continue;
      let binary = '';
      try {
        binary = readlinkSync(`/proc/${pid}/exe`);
      } catch {
        // Kernel threads and zombies have no exe.
      }
      found.push({ pid, binary, startTicks: ticks });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
