import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { allDaemons } from './daemons';
import {
  deleteNetns,
  removeHostLeftovers,
  removePodCgroups,
  restoreHostSysctls,
  unmountAll,
} from './host';
import { layout, paths } from './layout';
import { leftoverProcesses, netnsInode, readPid, isAlive, stopDaemon, stopPid } from './processes';
import type { ClusterOptions } from './up';

export interface DownReport {
  stopped: string[];
  /** Processes that survived everything (should be none). */
  leftovers: { pid: number; binary: string }[];
  /** Mount points that could not be unmounted (should be none). */
  mounts: string[];
}

/**
 * `cluster down`: stops what `up` started, by pid, in reverse order; removes the pods first so
 * their sandboxes, mounts and network namespaces go through the runtime; then cleans what is
 * left. Keeps the PKI and containerd's image store, so the next `up` is fast.
 */
export async function down(o: ClusterOptions, opts: { quiet?: boolean } = {}): Promise<DownReport> {
  const log = opts.quiet ? () => {} : o.log;
  const l = layout({
    repoRoot: o.repoRoot,
    cacheDir: o.cacheDir,
    stateRoot: o.stateRoot,
    slot: o.slot,
  });
  const p = paths(l);
  const stopped: string[] = [];
  const daemons = allDaemons(l, p).reverse();
  const stop = async (name: string) => {
    const rec = await readPid(p, name);
    if (rec && isAlive(rec)) stopped.push(name);
    await stopDaemon(p, name);
  };

  // The kubelet first, so it recreates nothing; then every pod, while containerd still runs.
  await stop('kubelet');
  const containerd = await readPid(p, 'containerd');
  if (containerd && isAlive(containerd) && existsSync(path.join(p.bin, 'crictl'))) {
    const crictl = (args: string[]) =>
      o.runner.run(path.join(p.bin, 'crictl'), [
        '--runtime-endpoint',
        `unix://${p.containerdSocket}`,
        '--timeout',
        '30s',
        ...args,
      ]);
    await crictl(['rmp', '--all', '--force']);
    log('removed all pod sandboxes');
  }
  for (const d of daemons) if (d.name !== 'kubelet') await stop(d.name);
  if (stopped.length) log(`stopped ${stopped.join(', ')}`);

  // Shims and container processes have no pid file: find them by namespace and cgroup.
  const ino = netnsInode(l.netnsPath);
  for (const rec of leftoverProcesses(ino, l.cgroupRoot)) await stopPid(rec, 5_000);
  const leftovers = leftoverProcesses(ino, l.cgroupRoot).map(({ pid, binary }) => ({
    pid,
    binary,
  }));

  const mounts = await unmountAll(o.runner, [l.stateDir, l.runDir]);
  await deleteNetns(o.runner, l);
  removePodCgroups(l);
  removeHostLeftovers(l.name, p.kubeletRoot);
  if ((await restoreHostSysctls(l, p)) === 'kept') {
    log("host sysctls left as they are: another slot's cluster is up (the last one down restores)");
  }
  await rm(p.savedSysctls, { force: true });
  if (mounts.length === 0) {
    // Cluster state goes; the PKI and the image store stay for the next `up`.
    for (const dir of [
      p.etcdData,
      p.kubeletRoot,
      l.runDir,
      p.pids,
      p.cniCacheDir,
      p.localPathDir,
    ]) {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (!opts.quiet) {
    log(
      leftovers.length || mounts.length
        ? `cluster down, but ${leftovers.length} processes and ${mounts.length} mounts remain`
        : 'cluster down: no process, mount or network namespace left',
    );
  }
  return { stopped, leftovers, mounts };
}
