#!/usr/bin/env tsx
/**
 * Prints a URL to the app that works on this OS and driver: `minikube service --url` where it
 * answers, otherwise a kubectl port-forward to localhost that reconnects when pods are replaced
 * (it runs until Ctrl-C).
 *   pnpm run url [--port 8080] [--context NAME] [--namespace-prefix todo-]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { keepForwarding, namespaces, realRunner } from '@todo/infra';
import { checkPrefix, clusterOrFail, tools } from './lib/cluster';
import { appPort } from './lib/port-forward';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    context: { type: 'string' },
    'namespace-prefix': { type: 'string', default: 'todo-' },
  },
});
// The port the deploy trusted for sign-in (TODO_APP_PORT, default 8080).
const port = appPort(values.port);
const t = tools();
const cluster = await clusterOrFail(t.kubectl, values.context);
const ns = namespaces(checkPrefix(values['namespace-prefix']!)).frontend;

if (cluster.kind === 'minikube' && process.platform === 'linux') {
  // On Linux the node's IP is reachable and `--url` returns at once; elsewhere it holds a tunnel.
  const r = await realRunner.run(t.minikube, [
    'service',
    'todo-frontend',
    '-n',
    ns,
    '--url',
    '--profile',
    cluster.name,
  ]);
  const url = r.stdout
    .trim()
    .split('\n')
    .find((l) => /^https?:\/\//.test(l));
  if (r.exitCode === 0 && url) {
    console.log(url);
    console.log(
      '(add this origin to the backend’s config.trustedOrigins with --values to sign in through it)',
    );
    process.exit(0);
  }
}

console.log(
  `http://127.0.0.1:${port}   (port-forward to svc/todo-frontend in ${ns}; Ctrl-C to stop)`,
);
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
await keepForwarding(
  () =>
    new Promise<number>((resolve) => {
      const child = spawn(
        t.kubectl,
        [
          'port-forward',
          '--context',
          cluster.context,
          '-n',
          ns,
          'svc/todo-frontend',
          `${port}:80`,
          '--address',
          '127.0.0.1',
        ],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
          signal: controller.signal,
        },
      );
      child.on('exit', (code) => resolve(code ?? 1));
      child.on('error', () => resolve(1));
    }),
  {
    signal: controller.signal,
    onRestart: (n) => console.error(`port-forward ended (pods replaced?); reconnecting (${n})…`),
  },
);
