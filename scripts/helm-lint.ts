#!/usr/bin/env tsx
/**
 * Lints the charts: helm lint --strict and helm template (defaults and each ci/*.yaml), every
 * rendered object against the Kubernetes API types, then against k8s/blueprint.yaml.
 *   pnpm run helm-lint [--chart NAME] [--values FILE] [--json]
 * Uses `helm` from PATH, or HELM if set. Exits 1 with a report on any problem.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  chartName,
  helmLint,
  helmMajorVersion,
  loadBlueprint,
  realRunner,
  releases,
  resolveTool,
} from '@todo/infra';
import { fail, repoRoot } from './lib/cli';

const { values } = parseArgs({
  options: {
    chart: { type: 'string', multiple: true },
    values: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    root: { type: 'string' },
  },
});
// Another checkout's charts and blueprint (the pre-commit hook passes the commit's root).
const root = values.root ? path.resolve(values.root) : repoRoot;
const known = releases.map(chartName);
for (const c of values.chart ?? []) {
  if (!known.includes(c)) fail(`--chart must be one of ${known.join(', ')} (got "${c}")`);
}

const helm = resolveTool('helm', 'HELM');
let major: number;
try {
  major = await helmMajorVersion(realRunner, helm);
} catch {
  fail(
    `helm was not found (looked for "${helm}"): install Helm 3.18+ or 4, or set HELM to its path`,
  );
}
const blueprintFile = path.join(root, 'k8s/blueprint.yaml');
let blueprint;
try {
  blueprint = loadBlueprint(blueprintFile);
} catch (err) {
  fail((err as Error).message);
}

const started = Date.now();
const result = await helmLint({
  runner: realRunner,
  helm,
  repoRoot: root,
  blueprint,
  only: values.chart,
  extraValues: values.values?.map((v) => path.resolve(v)),
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (values.json) {
  console.log(
    JSON.stringify({ helm: major, ...result, ok: result.problems.length === 0 }, null, 2),
  );
} else {
  for (const p of result.problems)
    console.log(`✗ ${p.chart} (${p.values}) [${p.stage}]\n    ${p.message}`);
  console.log(
    result.problems.length
      ? `helm-lint failed: ${result.problems.length} problem(s) (Helm ${major}, ${seconds}s)`
      : `helm-lint passed: ${result.renders} renders, ${result.objects} objects valid and within the blueprint (Helm ${major}, ${seconds}s)`,
  );
}
process.exit(result.problems.length ? 1 : 0);
