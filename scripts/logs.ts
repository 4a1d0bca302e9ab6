#!/usr/bin/env tsx
/**
 * Logs of the app's pods, each line prefixed by pod and container.
 *   pnpm run logs [backend|frontend|postgres] [-f] [--tail N] [--context NAME] [--namespace-prefix todo-]
 */
import { parseArgs } from 'node:util';
import { logsArgs, realRunner, releases } from '@todo/infra';
import { fail } from './lib/cli';
import { checkPrefix, clusterOrFail, tools } from './lib/cluster';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    follow: { type: 'boolean', short: 'f', default: false },
    tail: { type: 'string', default: '100' },
    context: { type: 'string' },
    'namespace-prefix': { type: 'string', default: 'todo-' },
  },
});
const component = positionals[0];
const components = releases.map((r) => r.component);
if (component && !components.includes(component))
  fail(`the component must be one of ${components.join(', ')} (got "${component}")`);
const tail = Number(values.tail);
if (!Number.isInteger(tail) || tail < 0)
  fail(`--tail must be a whole number (got "${values.tail}")`);
const t = tools();
const cluster = await clusterOrFail(t.kubectl, values.context);
const commands = logsArgs({
  cluster,
  prefix: checkPrefix(values['namespace-prefix']!),
  component,
  follow: values.follow!,
  tail,
});
// Several components are followed side by side; their lines carry the pod prefix.
const results = await Promise.all(
  commands.map((args) => realRunner.run(t.kubectl, args, { stream: true })),
);
process.exit(results.some((r) => r.exitCode !== 0) ? 1 : 0);
