import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { realRunner } from '../src/tools';

/**
 * Chart behaviour a review found wrong, rendered by the real Helm 4 (the cluster-side proof is
 * `pnpm run e2e:cluster`): each case failed before its fix.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const helm = path.join(repoRoot, '.tools/helm4/helm');

type Obj = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Only what these cases read (NetworkPolicy, Deployment).
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    egress?: unknown;
    template: { metadata: { annotations?: Record<string, string> } };
  };
};

async function render(chart: string, set: string[] = []): Promise<Obj[]> {
  const args = ['template', 't', path.join(repoRoot, 'k8s/helm', chart), '--set', 'image.tag=x'];
  for (const s of set) args.push('--set', s);
  const r = await realRunner.run(helm, args);
  if (r.exitCode !== 0) throw new Error(r.stderr);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as Obj)
    .filter(Boolean);
}

const selects = (policy: Obj, labels: Record<string, string> = {}) =>
  Object.entries(policy.spec.podSelector.matchLabels as Record<string, string>).every(
    ([k, v]) => labels[k] === v,
  );

describe('chart defects found in review', () => {
  it.each(['postgres', 'todo-backend', 'todo-frontend'])(
    '%s: the helm test pod is left alone by the release policy and gets its own (DNS + its Service port)',
    async (chart) => {
      const objs = await render(chart);
      const test = objs.find((o) => o.metadata.annotations?.['helm.sh/hook'] === 'test')!;
      const policies = objs.filter((o) => o.kind === 'NetworkPolicy');
      const own = policies.filter((p) => selects(p, test.metadata.labels));
      expect(own).toHaveLength(1);
      const egress = own[0]!.spec.egress as {
        to?: { podSelector?: { matchLabels: Record<string, string> } }[];
        ports: { port: number }[];
      }[];
      expect(egress.flatMap((e) => e.ports.map((p) => p.port))).toContain(53);
      // ...and the release's own pods (what its Service forwards to).
      const toOwnPods = egress.find((e) =>
        e.to?.some((t) => t.podSelector?.matchLabels['app.kubernetes.io/name'] === chart),
      );
      expect(toOwnPods).toBeDefined();
    },
  );

  it('backend: the pods roll when the LLM key changes (the Secret is hashed, not only the ConfigMap)', async () => {
    const checksum = async (key: string) =>
      (await render('todo-backend', ['postgres.password=p', `secrets.openaiApiKey=${key}`])).find(
        (o) => o.kind === 'Deployment',
      )!.spec.template.metadata.annotations as Record<string, string>;
    const [a, b, a2] = [await checksum('one'), await checksum('two'), await checksum('one')];
    expect(a['checksum/secret']).toBeDefined();
    expect(a['checksum/secret']).not.toBe(b['checksum/secret']);
    // Stable for the same inputs: a no-change redeploy replaces no pod.
    expect(a2['checksum/secret']).toBe(a['checksum/secret']);
  });

  it.each([
    [['secrets.existingSecret=mine'], 443],
    [['secrets.openaiApiKey=k', 'config.openaiBaseUrl=http://ollama.local:11434/v1'], 11434],
    [['secrets.existingSecret=mine', 'config.openaiBaseUrl=http://vllm.local/v1'], 80],
  ])('backend egress reaches the configured LLM endpoint (%j → port %i)', async (set, port) => {
    const policy = (await render('todo-backend', set)).find(
      (o) => o.kind === 'NetworkPolicy' && o.metadata.name === 't-todo-backend',
    )!;
    const ports = (policy.spec.egress as { ports: { port: number }[] }[]).flatMap((e) =>
      e.ports.map((p) => p.port),
    );
    expect(ports).toContain(port);
  });

  it.each(['todo-backend', 'todo-frontend'])(
    '%s: no PodDisruptionBudget that blocks node drains with replicaCount 1',
    async (chart) => {
      const kinds = async (set: string[]) => (await render(chart, set)).map((o) => o.kind);
      expect(await kinds(['replicaCount=1'])).not.toContain('PodDisruptionBudget');
      expect(await kinds(['replicaCount=2'])).toContain('PodDisruptionBudget');
    },
  );
});
