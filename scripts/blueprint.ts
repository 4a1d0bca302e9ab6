#!/usr/bin/env tsx
/**
 * Checks a manifest, or a proposed kubectl command line, against k8s/blueprint.yaml and prints
 * allow/deny with reasons. For people, and as a custom tool for kubectl-ai.
 *   pnpm run blueprint check deployment.yaml        (or - for standard input)
 *   pnpm run blueprint check --command "kubectl scale deploy/todo-backend -n todo-backend --replicas=0"
 * Exit code: 0 allow, 1 deny, 2 usage.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkBlueprint,
  checkKubectlCommand,
  formatViolation,
  loadBlueprint,
  parseManifests,
  validateObject,
} from '@todo/infra';
import { repoRoot } from './lib/cli';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { command: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const usage = () => {
  console.error('usage: pnpm run blueprint check <manifest.yaml | -> | --command "kubectl …"');
  process.exit(2);
};
if (positionals[0] !== 'check') usage();
const bp = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml'));

let allow: boolean;
let reasons: string[];
if (values.command) {
  ({ allow, reasons } = checkKubectlCommand(values.command, bp));
} else {
  const file = positionals[1];
  if (!file) usage();
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file!, 'utf8');
  } catch {
    console.error(`error: cannot read ${file}`);
    process.exit(2);
  }
  let objects: ReturnType<typeof parseManifests>;
  try {
    objects = parseManifests(text);
  } catch (err) {
    console.error(`error: ${file}: ${(err as Error).message}`);
    process.exit(2);
  }
  if (!objects.length) {
    console.error(`error: ${file} holds no Kubernetes objects`);
    process.exit(2);
  }
  reasons = [
    ...objects.flatMap((o) =>
      validateObject(o).map(
        (e) => `${o.kind} ${o.metadata?.name}: ${e.path} ${e.message} [schema]`,
      ),
    ),
    ...checkBlueprint(objects as never, bp).map(formatViolation),
  ];
  allow = reasons.length === 0;
  if (allow) reasons = [`${objects.length} object(s) within blueprint ${bp.metadata.version}`];
}
if (values.json) console.log(JSON.stringify({ allow, reasons }, null, 2));
else console.log(`${allow ? 'ALLOW' : 'DENY'}\n${reasons.map((r) => `  - ${r}`).join('\n')}`);
process.exit(allow ? 0 : 1);
