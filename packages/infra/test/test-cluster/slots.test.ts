import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cniConflist, containerdConfig, kubeletConfig } from '../../src/test-cluster/config-files';
import { clusterSlot, layout, paths } from '../../src/test-cluster/layout';

const at = (slot: number) => layout({ repoRoot: '/repo', cacheDir: '/cache', slot });

describe('cluster slots', () => {
  it('slot 0 keeps the names and addresses the docs and CI use', () => {
    const l = at(0);
    expect(l).toMatchObject({
      name: 'todo-ci',
      stateDir: '/var/lib/todo-ci',
      runDir: '/run/todo-ci',
      netnsPath: '/var/run/netns/todo-ci',
      hostIp: '10.250.0.1',
      nodeIp: '10.250.0.2',
      podCidr: '10.244.0.0/24',
      clusterCidr: '10.244.0.0/16',
      cgroupRoot: '/todo-ci',
    });
  });

  it('gives every machine-wide name of slot N its own value', () => {
    const [a, b] = [at(0), at(1)];
    const [pa, pb] = [paths(a), paths(b)];
    expect(b).toMatchObject({
      name: 'todo-ci1',
      stateDir: '/var/lib/todo-ci1',
      runDir: '/run/todo-ci1',
      hostIp: '10.250.1.1',
      nodeIp: '10.250.1.2',
      podCidr: '10.245.0.0/24',
      clusterCidr: '10.245.0.0/16',
      cgroupRoot: '/todo-ci1',
    });
    // The kube context stays todo-ci in each worktree's kubeconfig: the deploy detects it by name.
    expect(b.userKubeconfig).toBe(a.userKubeconfig);
    expect(pb.runcRoot).not.toBe(pa.runcRoot);
    expect(containerdConfig(b, pb, 'pause')).toContain(`Root = "/run/todo-ci1/runc"`);
    expect(JSON.parse(cniConflist(b, pb)).name).toBe('todo-ci1');
    expect(parse(kubeletConfig(b, pb)).cgroupRoot).toBe('/todo-ci1');
  });

  it('reads TODO_CLUSTER_SLOT, default 0, and names the variable on bad input', () => {
    expect(clusterSlot({})).toBe(0);
    expect(clusterSlot({ TODO_CLUSTER_SLOT: '3' })).toBe(3);
    expect(() => clusterSlot({ TODO_CLUSTER_SLOT: 'one' })).toThrow(/TODO_CLUSTER_SLOT/);
    expect(() => clusterSlot({ TODO_CLUSTER_SLOT: '12' })).toThrow(/0\.\.9/);
  });
});
