import { spawn } from 'node:child_process';

export interface PortForward {
  url: string;
  /** Ends the kubectl process this started (by its pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * `kubectl port-forward` to a Service on 127.0.0.1, resolved once kubectl says it forwards.
 * The caller owns the process: stop() ends it, and it also ends with this script.
 */
export function portForward(o: {
  kubectl: string;
  /** Else kubectl's own (KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
  context: string;
  namespace: string;
  service: string;
  localPort: number;
  remotePort: number;
  timeoutMs?: number;
}): Promise<PortForward> {
  const child = spawn(
    o.kubectl,
    [
      ...(o.kubeconfig ? ['--kubeconfig', o.kubeconfig] : []),
      'port-forward', '--context', o.context, '-n', o.namespace, `svc/${o.service}`,
      `${o.localPort}:${o.remotePort}`, '--address', '127.0.0.1',
    ], // prettier-ignore
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  process.once('exit', () => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(
          `kubectl port-forward did not start within ${(o.timeoutMs ?? 60_000) / 1000} s: ${err.trim()}`,
        ),
      );
    }, o.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(chunk.toString());
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}`, stop });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`kubectl port-forward exited (${code}): ${err.trim().split('\n').at(-1) ?? ''}`),
      );
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`kubectl port-forward could not start (${o.kubectl}): ${e.message}`));
    });
  });
}

/**
 * The local port the app is opened on: the origin the deploy trusts for sign-in, where
 * `url` and `smoke-test --cluster` forward. `--port`, else TODO_APP_PORT, else 8080.
 */
export function appPort(flag?: string): number {
  const raw = flag ?? process.env.TODO_APP_PORT ?? '8080';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`error: --port / TODO_APP_PORT must be a port number (got "${raw}")`);
    process.exit(1);
  }
  return port;
}
