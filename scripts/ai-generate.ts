#!/usr/bin/env tsx
/**
 * Writes the guardrails generated from k8s/blueprint.yaml into k8s/ai-ops/generated/:
 * least-privilege RBAC for the AI agents and the ValidatingAdmissionPolicy. A test fails
 * when the committed files are stale.
 *   pnpm run ai:generate [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { admissionPolicyYaml, loadBlueprint, rbacYaml } from '@todo/infra';
import { fail, repoRoot } from './lib/cli';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const bp = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml'));
const files = {
  'k8s/ai-ops/generated/rbac.yaml': rbacYaml(bp),
  'k8s/ai-ops/generated/admission-policy.yaml': admissionPolicyYaml(bp),
};
const stale: string[] = [];
for (const [file, text] of Object.entries(files)) {
  const full = path.join(repoRoot, file);
  let current = '';
  try {
    current = readFileSync(full, 'utf8');
  } catch {
    // missing: stale
  }
  if (current === text) continue;
  if (values.check) stale.push(file);
  else {
    writeFileSync(full, text);
    console.log(`wrote ${file}`);
  }
}
if (stale.length)
  fail(`${stale.join(', ')} differ from k8s/blueprint.yaml: run pnpm run ai:generate`);
if (values.check) console.log('generated guardrails are up to date');
