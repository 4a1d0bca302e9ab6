#!/usr/bin/env tsx
/**
 * Uninstalls the releases. Namespaces, the database volume and its password are kept unless
 * --purge (which deletes the data for good).
 *   pnpm run teardown [--purge] [--dry-run] [--context NAME] [--namespace-prefix todo-]
 */
import { parseArgs } from 'node:util';
import { formatPlan, realRunner, runPlan, teardownPlan } from '@todo/infra';
import { checkPrefix, clusterOrFail, tools } from './lib/cluster';

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
if (values['dry-run']) {
  console.log(
    `Plan for context "${cluster.context}"; nothing was changed:\n\n${formatPlan(steps)}`,
  );
  process.exit(0);
}
const results = await runPlan(realRunner, steps, (r) =>
  console.log(`${r.ok ? '✓' : '✗'} ${r.step.title}`),
);
const failed = results.find((r) => !r.ok);
if (failed) {
  console.error(failed.output.trim());
  process.exit(1);
}
console.log(
  values.purge
    ? 'removed, data included'
    : 'removed; namespaces and the database volume are kept (--purge deletes them)',
);
