import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  admissionPolicy,
  celVerdict,
  compliantObjects,
  oneViolationPerRule,
  randomMutations,
  tsVerdict,
} from '../src/ai-ops';
import { namespaces, releases } from '../src/deploy';
import { loadBlueprint, parseManifests } from '../src/k8s';
import { realRunner } from '../src/tools';

/*
 * The differential test of the one rule table: the TypeScript checker and the generated CEL
 * (run by @bufbuild/cel) must give every object of the corpus the same verdict, rule by rule.
 * The API server is the third judge of the same corpus in `pnpm run e2e:ai-ops`.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const blueprint = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml'));
const { policy } = admissionPolicy(blueprint);

const agree = (object: Record<string, unknown>) => {
  const ts = tsVerdict(blueprint, object);
  expect(celVerdict(policy as never, object).sort(), JSON.stringify(object)).toEqual(ts.sort());
  return ts;
};

describe('the TypeScript checker and the CEL policy agree', () => {
  it('on a compliant object of every kind the rules judge: both admit it', () => {
    for (const e of compliantObjects()) expect(agree(e.object), e.name).toEqual([]);
  });

  it('on one violation per rule: both name exactly that rule', () => {
    const entries = oneViolationPerRule();
    const named = new Set<string>();
    for (const e of entries) {
      const rule = e.name.split(':')[0]!;
      expect(agree(e.object), e.name).toEqual([rule]);
      named.add(rule);
    }
    // Every constraint of the blueprint is exercised.
    expect([...named].sort()).toEqual(blueprint.constraints.map((c) => c.id).sort());
  });

  it('on 400 seeded random mutations, and the mutations do break rules', () => {
    let denied = 0;
    const rulesHit = new Set<string>();
    for (const e of randomMutations(20261202, 400)) {
      const ts = agree(e.object);
      if (ts.length) denied++;
      ts.forEach((r) => rulesHit.add(r));
    }
    // A corpus that never or always violates would prove nothing.
    expect(denied).toBeGreaterThan(100);
    expect(denied).toBeLessThan(400);
    expect(rulesHit.size).toBe(blueprint.constraints.length);
  });

  it('on ephemeral containers (kubectl debug): held to the security rules, not to resources', () => {
    const [root, ok] = randomMutations(1, 0);
    expect(agree(root!.object)).toEqual(
      expect.arrayContaining(['non-root', 'no-privilege-escalation', 'read-only-root-filesystem']),
    );
    expect(agree(root!.object)).not.toContain('resources-required');
    expect(agree(ok!.object)).toEqual([]);
  });

  it('on every object the charts render (Helm 4): both admit it', async () => {
    const helm = path.join(repoRoot, '.tools/helm4/helm');
    let count = 0;
    for (const r0 of releases) {
      const r = await realRunner.run(helm, [
        'template',
        r0.name,
        path.join(repoRoot, r0.chart),
        '--namespace',
        namespaces()[r0.role],
      ]);
      expect(r.exitCode).toBe(0);
      for (const obj of parseManifests(r.stdout)) {
        expect(agree(obj as never), `${obj.kind} ${obj.metadata?.name}`).toEqual([]);
        count++;
      }
    }
    expect(count).toBeGreaterThan(10);
  });
});
