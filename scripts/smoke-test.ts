#!/usr/bin/env tsx
/**
 * The smoke test, against any running copy of the app:
 *   pnpm run smoke-test [--url http://localhost:3000] [--json]
 * or against the deployed app, through a port-forward this command starts and stops itself
 * (what `pnpm turbo smoke-test` runs after `deploy`):
 *   pnpm run smoke-test --cluster [--context NAME] [--namespace-prefix todo-] [--port 8080]
 * The port must be one the deploy trusted for sign-in (TODO_APP_PORT, default 8080).
 * Exits non-zero when a step fails.
 */
import { parseArgs } from 'node:util';
import { namespaces, runSmoke } from '@todo/infra';
import { fail } from './lib/cli';
import { checkPrefix, clusterOrFail, tools } from './lib/cluster';
import { appPort, portForward, type PortForward } from './lib/port-forward';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    cluster: { type: 'boolean', default: false },
    context: { type: 'string' },
    'namespace-prefix': { type: 'string', default: 'todo-' },
    port: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

let forward: PortForward | undefined;
let url = values.url ?? process.env.SMOKE_URL ?? 'http://localhost:3000';
if (values.cluster) {
  if (values.url)
    fail('--url and --cluster exclude each other: --cluster opens its own port-forward');
  const port = appPort(values.port);
  const kubectl = tools().kubectl;
  const cluster = await clusterOrFail(kubectl, values.context);
  const ns = namespaces(checkPrefix(values['namespace-prefix']!)).frontend;
  try {
    forward = await portForward({
      kubectl, context: cluster.context, namespace: ns, service: 'todo-frontend', localPort: port, remotePort: 80,
    }); // prettier-ignore
  } catch (err) {
    fail(`${(err as Error).message} (is the app deployed? pnpm turbo deploy)`);
  }
  url = forward.url;
} else if (!URL.canParse(url)) {
  fail(`--url must be a URL like http://localhost:3000 (got "${url}")`);
}

const report = await runSmoke(url, {
  onStep: values.json
    ? undefined
    : (s) =>
        console.log(
          `${s.ok ? 'PASS' : 'FAIL'} ${s.name} (${s.ms} ms)${s.detail ? ` — ${s.detail}` : ''}`,
        ),
});
await forward?.stop();
if (values.json) console.log(JSON.stringify(report, null, 2));
else
  console.log(
    report.ok
      ? `smoke test passed against ${report.baseUrl}`
      : `smoke test FAILED against ${report.baseUrl}`,
  );
process.exit(report.ok ? 0 : 1);
