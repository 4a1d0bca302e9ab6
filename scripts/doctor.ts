#!/usr/bin/env tsx
/**
 * Checks what deploy needs: Node, Docker and its daemon, kubectl, Helm 3.18+/4, the cluster,
 * resources. Each problem gets one line with the fix for this OS.
 *   pnpm run doctor [--context NAME] [--json]
 */
import { parseArgs } from 'node:util';
import { doctor, realRunner } from '@todo/infra';
import { repoRoot } from './lib/cli';
import { tools } from './lib/cluster';

const { values } = parseArgs({
  options: { context: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const checks = await doctor(realRunner, {
  tools: tools(),
  platform: process.platform,
  nodeVersion: process.version,
  context: values.context,
  repoRoot,
});
if (values.json) {
  console.log(JSON.stringify(checks, null, 2));
} else {
  for (const c of checks) {
    console.log(
      `${c.ok ? '✓' : c.required ? '✗' : '!'} ${c.name.padEnd(16)} ${c.detail}${c.ok ? '' : `\n  → ${c.fix}`}`,
    );
  }
}
const failed = checks.filter((c) => !c.ok && c.required);
if (!values.json)
  console.log(
    failed.length
      ? `\n${failed.length} problem(s) to fix before deploying`
      : '\nready to deploy: pnpm turbo deploy',
  );
process.exit(failed.length ? 1 : 0);
