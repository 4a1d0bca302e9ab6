import { describe, expect, it } from 'vitest';
import { classifyContext } from '../src/deploy';
import { collectStatus, doctor, keepForwarding, logsArgs, teardownPlan } from '../src/operate';
import { CommandNotFoundError, recordingRunner } from '../src/tools';
import { readCommand } from './commands';

// kubectl/helm answers are FAKES recorded from the tools' documented JSON output.
const cluster = classifyContext('minikube');
const repoRoot = process.cwd();

describe('teardown', () => {
  it('uninstalls the releases and keeps namespaces, the volume and the password', () => {
    const steps = teardownPlan({
      cluster,
      helm: 'helm',
      kubectl: 'kubectl',
      prefix: 'todo-',
      purge: false,
    });
    expect(steps.map((s) => [s.kind, s.release, s.namespace])).toEqual([
      ['uninstall', 'todo-frontend', 'todo-frontend'],
      ['uninstall', 'todo-backend', 'todo-backend'],
      ['uninstall', 'postgres', 'todo-data'],
    ]);
    for (const s of steps) {
      const c = readCommand(s.args);
      expect([s.command, ...c.words]).toEqual(['helm', 'uninstall', s.release]);
      expect(c.get('--namespace')).toBe(s.namespace);
      expect(c.get('--kube-context')).toBe('minikube');
    }
  });

  it('with --purge also deletes the PVC, the password Secret and the namespaces', () => {
    const steps = teardownPlan({
      cluster,
      helm: 'helm',
      kubectl: 'kubectl',
      prefix: 'todo-',
      purge: true,
    });
    const deletes = steps.filter((s) => s.kind === 'delete').map((s) => readCommand(s.args));
    expect(deletes.map((c) => c.words)).toEqual([
      ['delete', 'pvc,secret'],
      ['delete', 'namespace', 'todo-frontend', 'todo-backend', 'todo-data'],
    ]);
    expect([deletes[0]!.get('--namespace'), deletes[0]!.get('--selector')]).toEqual([
      'todo-data',
      'app.kubernetes.io/instance=postgres',
    ]);
    // The data goes only after every release is uninstalled.
    expect(steps.map((s) => s.kind)).toEqual([
      'uninstall',
      'uninstall',
      'uninstall',
      'delete',
      'delete',
    ]);
  });
});

describe('logs', () => {
  it('prefixes lines by pod, for one component or all, following on request', () => {
    const one = logsArgs({ cluster, prefix: 'todo-', component: 'backend', follow: true }).map(
      readCommand,
    );
    expect(one.map((c) => [c.words[0], c.get('--namespace'), c.get('--selector')])).toEqual([
      ['logs', 'todo-backend', 'app.kubernetes.io/instance=todo-backend'],
    ]);
    expect([one[0]!.has('--prefix'), one[0]!.has('--follow')]).toEqual([true, true]);
    const all = logsArgs({ cluster, prefix: 'todo-', follow: false }).map(readCommand);
    expect(all.map((c) => c.get('--selector'))).toEqual([
      'app.kubernetes.io/instance=todo-frontend',
      'app.kubernetes.io/instance=todo-backend',
      'app.kubernetes.io/instance=postgres',
    ]);
    expect(all.some((c) => c.has('--follow'))).toBe(false);
  });
});

describe('status', () => {
  it('reports Helm status, ready pods, restarts and waiting reasons per release, hooks excluded', async () => {
    const { runner } = recordingRunner((cmd, args) => {
      if (cmd === 'helm') {
        const release = readCommand(args).get('--filter')?.replace(/[\^$]/g, '');
        return release === 'postgres'
          ? { stdout: '[]' }
          : { stdout: JSON.stringify([{ name: release, status: 'deployed', revision: '3' }]) };
      }
      if (args.includes('app.kubernetes.io/instance=todo-backend')) {
        return {
          stdout: JSON.stringify({
            items: [
              { metadata: {}, status: { containerStatuses: [{ ready: true, restartCount: 0 }] } },
              {
                metadata: {},
                status: {
                  containerStatuses: [
                    {
                      ready: false,
                      restartCount: 5,
                      state: { waiting: { reason: 'CrashLoopBackOff' } },
                    },
                  ],
                },
              },
              {
                metadata: { deletionTimestamp: '2026-12-03T13:09:20Z' },
                status: { containerStatuses: [{ ready: false, restartCount: 1 }] },
              },
              {
                metadata: { annotations: { 'helm.sh/hook': 'test' } },
                status: { containerStatuses: [{ ready: false }] },
              },
            ],
          }),
        };
      }
      return { stdout: '{"items":[]}' };
    });
    const rows = await collectStatus(runner, {
      cluster,
      helm: 'helm',
      kubectl: 'kubectl',
      prefix: 'todo-',
    });
    expect(rows).toEqual([
      {
        release: 'todo-frontend',
        namespace: 'todo-frontend',
        status: 'deployed',
        revision: '3',
        pods: '0/0',
        restarts: 0,
        problems: '',
      },
      {
        release: 'todo-backend',
        namespace: 'todo-backend',
        status: 'deployed',
        revision: '3',
        pods: '1/2',
        restarts: 5,
        problems: 'CrashLoopBackOff, 1 terminating',
      },
      {
        release: 'postgres',
        namespace: 'todo-data',
        status: 'not installed',
        revision: '-',
        pods: '0/0',
        restarts: 0,
        problems: '',
      },
    ]);
  });
});

describe('the port-forward', () => {
  it('reconnects when it exits, until stopped', async () => {
    const controller = new AbortController();
    const restarts: number[] = [];
    let runs = 0;
    await keepForwarding(
      async () => {
        runs++;
        if (runs === 3) controller.abort();
        return 1;
      },
      { signal: controller.signal, delayMs: 1, onRestart: (n) => restarts.push(n) },
    );
    expect(runs).toBe(3);
    expect(restarts).toEqual([1, 2]);
  });

  it('gives up after too many failures', async () => {
    await expect(
      keepForwarding(async () => 1, {
        signal: new AbortController().signal,
        delayMs: 1,
        maxRestarts: 2,
      }),
    ).rejects.toThrow(/keeps failing/);
  });
});

describe('doctor', () => {
  const tools = { docker: 'docker', kubectl: 'kubectl', helm: 'helm', minikube: 'minikube' };

  it('passes a ready machine', async () => {
    const { runner } = recordingRunner((cmd, args) => {
      if (cmd === 'docker') return { stdout: args[0] === 'info' ? '4 8589934592' : '28.2.2' };
      if (cmd === 'kubectl' && args[0] === 'version')
        return { stdout: '{"clientVersion":{"gitVersion":"v1.33.9"}}' };
      if (cmd === 'kubectl' && args[0] === 'config') return { stdout: 'minikube' };
      if (cmd === 'kubectl') return { stdout: 'ok' };
      if (cmd === 'helm') return { stdout: 'v4.1.4+g05fa379' };
      return { stdout: 'v1.37.0' };
    });
    const checks = await doctor(runner, {
      tools,
      platform: 'linux',
      nodeVersion: 'v20.20.2',
      repoRoot,
    });
    expect(checks.filter((c) => c.required && !c.ok)).toEqual([]);
  });

  it('names each problem with the fix for the user’s OS', async () => {
    const { runner } = recordingRunner((cmd, args) => {
      if (cmd === 'docker') return new CommandNotFoundError('docker');
      if (cmd === 'helm') return { stdout: 'v3.12.0+g123' };
      if (cmd === 'kubectl' && args[0] === 'version')
        return { stdout: '{"clientVersion":{"gitVersion":"v1.33.9"}}' };
      if (cmd === 'kubectl' && args[0] === 'config') return { stdout: 'minikube' };
      if (cmd === 'kubectl')
        return { exitCode: 1, stderr: 'The connection to the server 127.0.0.1:8443 was refused' };
      return new CommandNotFoundError(cmd);
    });
    const windows = await doctor(runner, {
      tools,
      platform: 'win32',
      nodeVersion: 'v20.11.0',
      repoRoot,
    });
    const byName = Object.fromEntries(windows.map((c) => [c.name, c]));
    expect(byName.node).toMatchObject({ ok: false, fix: expect.stringMatching(/20\.19/) });
    expect(byName.docker).toMatchObject({
      ok: false,
      fix: expect.stringMatching(/winget install Docker\.DockerDesktop/),
    });
    expect(byName.helm).toMatchObject({ ok: false, fix: 'upgrade Helm to 3.18+ or 4' });
    expect(byName.cluster).toMatchObject({
      ok: false,
      fix: expect.stringMatching(/minikube start/),
    });
    const mac = await doctor(runner, {
      tools,
      platform: 'darwin',
      nodeVersion: 'v22.0.0',
      repoRoot,
    });
    expect(mac.find((c) => c.name === 'docker')!.fix).toMatch(/brew install --cask docker/);
  });
});
