#!/usr/bin/env tsx
/**
 * Prints the URL to open the app at and keeps it working: a kubectl port-forward to
 * 127.0.0.1:<port> that reconnects when pods are replaced (it runs until Ctrl-C). Always this
 * origin, on every cluster and OS: it is the one the deploy trusts for sign-in (a minikube
 * service URL is not, so sign-in through it would fail).
 *   pnpm run url [--port 8080] [--context NAME] [--namespace-prefix todo-]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { keepForwarding, namespaces } from '@todo/infra';
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
