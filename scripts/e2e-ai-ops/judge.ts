/**
 * The API server as the third judge of the blueprint's corpus: every object is created with
 * `--dry-run=server` in a namespace the generated policy is bound to for this check (a
 * namespace without Pod Security labels, so PodSecurity does not answer before the policy),
 * and its answer is compared with the TypeScript checker's and @bufbuild/cel's.
 */
import {
  admissionPolicy,
  celVerdict,
  compliantObjects,
  namespaces,
  oneViolationPerRule,
  parseManifests,
  randomMutations,
  releases,
  tsVerdict,
  type Blueprint,
  type CorpusEntry,
} from '@todo/infra';
import path from 'node:path';
import type { BaseCtx as Ctx } from '../lib/checks-harness';

export const JUDGE_NAMESPACE = 'todo-ai-ops-judge';

/** A binding of the same generated policy to the judge's namespace: test scaffolding only. */
function judgeBinding(policyName: string) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: `${policyName}-judge` },
    spec: {
      policyName,
      validationActions: ['Deny'],
      matchResources: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': JUDGE_NAMESPACE } },
      },
    },
  };
}

async function corpus(ctx: Ctx): Promise<CorpusEntry[]> {
  const renders: CorpusEntry[] = [];
  for (const r of releases) {
    const out = await ctx.must(ctx.helm, [
      'template',
      r.name,
      path.join(ctx.repoRoot, r.chart),
      '--namespace',
      namespaces()[r.role],
    ]);
    for (const object of parseManifests(out))
      renders.push({ name: `render ${r.name}: ${object.kind} ${object.metadata?.name}`, object });
  }
  return [
    ...compliantObjects(),
    ...oneViolationPerRule(),
    ...randomMutations(20261202, 150),
    ...renders,
  ];
}

/** The rule ids an API server error names, or null when it is not the policy answering. */
function serverVerdict(exitCode: number, stderr: string, policyName: string): string[] | null {
  if (exitCode === 0) return [];
  if (!stderr.includes(`ValidatingAdmissionPolicy '${policyName}'`)) return null;
  return [...new Set([...stderr.matchAll(/\[([a-z0-9-]+)\]/g)].map((m) => m[1]!))];
}

/** A real Pod (compliant, never started: its image does not exist) to attach debug containers to. */
type Obj = { metadata: Record<string, unknown>; spec: Record<string, unknown> };
async function debugTarget(
  ctx: Ctx,
  withEphemeral: Record<string, unknown>,
): Promise<Obj & { metadata: { name: string } }> {
  const pod = structuredClone(withEphemeral) as Obj;
  delete pod.spec.ephemeralContainers;
  pod.metadata = { name: 'judge-debug-target', namespace: JUDGE_NAMESPACE };
  await ctx.sh(ctx.kubectl, [
    'delete',
    'pod',
    'judge-debug-target',
    '-n',
    JUDGE_NAMESPACE,
    '--ignore-not-found',
    '--wait',
  ]);
  await ctx.k(['create', '-f', '-'], JSON.stringify(pod));
  const live = JSON.parse(
    await ctx.k(['get', 'pod', 'judge-debug-target', '-n', JUDGE_NAMESPACE, '-o', 'json']),
  );
  // An unconditional update: the kubelet changes the Pod's status while it is judged.
  delete live.metadata.resourceVersion;
  return live;
}

export async function threeJudges(ctx: Ctx, bp: Blueprint): Promise<string> {
  const { policy } = admissionPolicy(bp);
  const policyName = (policy.metadata as { name: string }).name;
  await ctx
    .k(['create', 'namespace', JUDGE_NAMESPACE, '--dry-run=client', '-o', 'yaml'])
    .then((yaml) => ctx.k(['apply', '-f', '-'], yaml));
  await ctx.k(['apply', '-f', '-'], JSON.stringify(judgeBinding(policyName)));
  // The binding takes effect when the API server's policy informer has seen it.
  await ctx.waitFor('the judge binding to take effect', async () => {
    const r = await ctx.sh(
      ctx.kubectl,
      ['create', '--dry-run=server', '-n', JUDGE_NAMESPACE, '-f', '-'],
      {
        input: JSON.stringify(oneViolationPerRule()[0]!.object),
      },
    );
    return r.exitCode !== 0 && r.stderr.includes(policyName);
  });
  const entries = await corpus(ctx);
  // kubectl debug's path: an update of a running Pod's ephemeralcontainers subresource.
  const target = await debugTarget(ctx, entries.find((e) => e.viaDebug)!.object);
  const disagreements: string[] = [];
  let denied = 0;
  let notJudged = 0;
  const judge = async (e: CorpusEntry) => {
    const object = structuredClone(e.object);
    // Dry-run only: nothing is created.
    object.metadata = { ...object.metadata, namespace: JUDGE_NAMESPACE };
    const ts = tsVerdict(bp, object).sort();
    const cel = celVerdict(policy as never, object).sort();
    const r = e.viaDebug
      ? await ctx.sh(
          ctx.kubectl,
          ['replace', '--subresource=ephemeralcontainers', '--dry-run=server', '-f', '-'],
          {
            input: JSON.stringify({
              ...target,
              spec: { ...target.spec, ephemeralContainers: object.spec.ephemeralContainers },
            }),
          },
        )
      : await ctx.sh(ctx.kubectl, ['create', '--dry-run=server', '-f', '-', '-o', 'name'], {
          input: JSON.stringify(object),
        });
    const server = serverVerdict(r.exitCode, r.stderr, policyName);
    if (server === null) {
      notJudged++;
      disagreements.push(
        `${e.name}: the API server refused it before the policy: ${r.stderr.trim().split('\n').at(-1)}`,
      );
      return;
    }
    if (server.length) denied++;
    // The API server may stop at the first failed validation: it must name only rules the
    // others found, and deny exactly when they do.
    const agrees =
      ts.join() === cel.join() &&
      (server.length === 0) === (ts.length === 0) &&
      server.every((id) => ts.includes(id));
    if (!agrees)
      disagreements.push(`${e.name}: TypeScript [${ts}] CEL [${cel}] API server [${server}]`);
  };
  // A few kubectl processes at a time: the API server answers each in well under a second.
  const queue = [...entries];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) await judge(e);
    }),
  );
  await ctx.k(['delete', 'pod', target.metadata.name, '-n', JUDGE_NAMESPACE, '--wait=false']);
  if (disagreements.length)
    throw new Error(
      `${disagreements.length} of ${entries.length} objects judged differently (${notJudged} not judged by the policy):\n${disagreements.slice(0, 8).join('\n')}`,
    );
  return `${entries.length} objects, ${denied} denied, all three judges agree`;
}
