#!/usr/bin/env tsx
/**
 * Releases, pods, readiness and restarts of the deployed app.
 *   pnpm run status [--context NAME] [--namespace-prefix todo-] [--json]
 */
import { parseArgs } from 'node:util';
import { collectStatus, namespaces, realRunner } from '@todo/infra';
import { checkPrefix, clusterOrFail, tools } from './lib/cluster';
import { appPort } from './lib/port-forward';

const { values } = parseArgs({
  options: {
    context: { type: 'string' },
    'namespace-prefix': { type: 'string', default: 'todo-' },
    json: { type: 'boolean', default: false },
  },
});
const prefix = checkPrefix(values['namespace-prefix']!);
const t = tools();
const cluster = await clusterOrFail(t.kubectl, values.context);
const rows = await collectStatus(realRunner, { cluster, helm: t.helm, kubectl: t.kubectl, prefix });
// The port the deploy trusted for sign-in (TODO_APP_PORT, default 8080).
const port = appPort();
const open = `kubectl --context ${cluster.context} -n ${namespaces(prefix).frontend} port-forward svc/todo-frontend ${port}:80  →  http://127.0.0.1:${port}  (or: pnpm run url)`;
if (values.json) {
  console.log(JSON.stringify({ cluster, releases: rows, open }, null, 2));
} else {
  console.log(`${cluster.kind} context "${cluster.context}"`);
  console.table(rows);
  console.log(`open: ${open}`);
}
