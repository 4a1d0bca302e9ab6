#!/usr/bin/env tsx
/**
 * Uninstalls the releases. Namespaces, the database volume and its password are kept unless
 * --purge (which deletes the data for good).
 *   pnpm run teardown [--purge] [--dry-run] [--context NAME] [--namespace-prefix todo-]
 */
import { parseArgs } from 'node:util';
import { teardownPlan } from '@todo/infra';
import { checkPrefix, clusterOrFail, printOrRunPlan, tools } from './lib/cluster';

const { values } = parseArgs({
  options: {
    purge: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    context: { type: 'string' },
    'namespace-prefix': { type: 'string', default: 'todo-' },
  },
});
const t = tools();
const cluster = await clusterOrFail(t.kubectl, values.context);
const steps = teardownPlan({
  cluster,
  helm: t.helm,
  kubectl: t.kubectl,
  prefix: checkPrefix(values['namespace-prefix']!),
  purge: values.purge!,
});
await printOrRunPlan(steps, { context: cluster.context, dryRun: values['dry-run']! });
console.log(
  values.purge
    ? 'removed, data included'
    : 'removed; namespaces and the database volume are kept (--purge deletes them)',
);
