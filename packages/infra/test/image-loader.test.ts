import { describe, expect, it } from 'vitest';
import type { Cluster } from '../src/deploy/cluster';
import { chooseImageLoader, containerdRef, loadCommands } from '../src/deploy/image-loader';
import { recordingRunner } from '../src/tools/runner';

const other: Cluster = { context: 'lab', kind: 'other', name: 'lab' };
const testCluster: Cluster = {
  context: 'todo-ci',
  kind: 'todo-ci',
  name: 'todo-ci',
  containerdSocket: '/run/todo-ci/containerd/containerd.sock',
};
const tools = { minikube: 'minikube', kind: 'kind', k3d: 'k3d', docker: 'docker', ctr: 'ctr' };

describe('chooseImageLoader', () => {
  it('uses the socket the test cluster names in its kubeconfig', async () => {
    const { runner, calls } = recordingRunner();
    const choice = await chooseImageLoader(
      { runner, kubectl: 'kubectl', cluster: testCluster },
      () => true,
    );
    expect(choice).toMatchObject({ loader: 'containerd', socket: testCluster.containerdSocket });
    expect(calls).toEqual([]);
  });

  it('detects a containerd node whose socket is on this host', async () => {
    const { runner } = recordingRunner(() => ({ stdout: 'containerd://1.7.27' }));
    const choice = await chooseImageLoader(
      { runner, kubectl: 'kubectl', cluster: other },
      (f) => f === '/run/k3s/containerd/containerd.sock',
    );
    expect(choice.loader).toBe('containerd');
    expect(choice.socket).toBe('/run/k3s/containerd/containerd.sock');
    expect(choice.reason).toContain('containerd://1.7.27');
  });

  it('loads nothing, and says why, when no socket of the node is reachable', async () => {
    const { runner } = recordingRunner(() => ({ stdout: 'cri-o://1.30.0' }));
    const choice = await chooseImageLoader(
      { runner, kubectl: 'kubectl', cluster: other },
      () => true,
    );
    expect(choice.loader).toBe('none');
    expect(choice.reason).toMatch(/cri-o.*registry/);
  });

  it('refuses --image-loader containerd without a socket, naming where it looked', async () => {
    const { runner } = recordingRunner();
    await expect(
      chooseImageLoader(
        { runner, kubectl: 'kubectl', cluster: other, explicit: 'containerd' },
        () => false,
      ),
    ).rejects.toThrow(/no containerd socket found \(looked at \/run\/containerd\/containerd.sock/);
  });
});

describe('loadCommands', () => {
  it('imports into containerd through its socket, skipped when the image is there', () => {
    const steps = loadCommands(
      { loader: 'containerd', reason: '', socket: '/run/x.sock' },
      testCluster,
      'todo-api:0123456789ab',
      tools,
    );
    expect(steps.map((s) => [s.command, ...s.args.slice(0, 2)])).toEqual([
      ['docker', 'save', '--output'],
      ['ctr', '--address', '/run/x.sock'],
    ]);
    expect(steps[1]!.args).toContain('import');
    expect(steps[1]!.args.at(-1)).toBe(steps[0]!.args[2]);
    expect(steps[0]!.skipIf?.contains).toBe('docker.io/library/todo-api:0123456789ab');
  });

  it('names images as containerd does', () => {
    expect(containerdRef('todo-web:1')).toBe('docker.io/library/todo-web:1');
    expect(containerdRef('me/app:1')).toBe('docker.io/me/app:1');
    expect(containerdRef('todo-ci.local/postgres:15')).toBe('todo-ci.local/postgres:15');
    expect(containerdRef('localhost:5000/app:1')).toBe('localhost:5000/app:1');
  });
});
