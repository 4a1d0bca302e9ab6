import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mountsUnder } from '../../src/test-cluster/host';
import { isAlive, startTicks, stopPid } from '../../src/test-cluster/processes';

const line = (id: number, mountPoint: string) =>
  `${id} 1 0:${id} / ${mountPoint} rw,relatime shared:1 - tmpfs tmpfs rw`;

describe('mountsUnder', () => {
  const info = [
    line(1, '/'),
    line(2, '/var/lib/todo-ci/kubelet/pods/a/volumes/kubernetes.io~projected/kube-api-access'),
    line(3, '/var/lib/todo-ci'),
    line(4, '/var/lib/todo-ci2/other'),
    line(5, '/run/todo-ci/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs'),
    line(6, '/var/lib/todo-ci/with\\040space'),
  ].join('\n');

  it('lists mounts below the roots, deepest first, and none of a sibling with the same prefix', () => {
    expect(mountsUnder(info, ['/var/lib/todo-ci', '/run/todo-ci'])).toEqual([
      '/var/lib/todo-ci/kubelet/pods/a/volumes/kubernetes.io~projected/kube-api-access',
      '/run/todo-ci/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs',
      '/var/lib/todo-ci/with space',
      '/var/lib/todo-ci',
    ]);
  });
});

describe('pid records', () => {
  it('tell the process we started from a later one and stop it', async () => {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    const rec = { pid: child.pid!, binary: '/usr/bin/sleep', startTicks: startTicks(child.pid!)! };
    expect(isAlive(rec)).toBe(true);
    // Same pid, another start time: a reused pid is not ours and is never signalled.
    expect(isAlive({ ...rec, startTicks: rec.startTicks + 1 })).toBe(false);
    const exited = new Promise((r) => child.once('exit', r));
    await stopPid(rec, 5_000);
    await exited;
    expect(isAlive(rec)).toBe(false);
  });
});
