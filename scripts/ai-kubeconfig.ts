#!/usr/bin/env tsx
/**
 * Mints a kubeconfig for the kubectl-ai ServiceAccount (a token from the TokenRequest API and
 * the current cluster), so kubectl-ai works with least privilege, not your admin context.
 *   pnpm run ai:kubeconfig [--apply-rbac] [--duration 8h] [--out ~/.kube/todo-kubectl-ai.yaml] [--context NAME]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { agentKubeconfig, agents, parseManifests, realRunner } from '@todo/infra';
import { fail, repoRoot } from './lib/cli';
import { clusterOrFail, tools } from './lib/cluster';

const { values } = parseArgs({
  options: {
    'apply-rbac': { type: 'boolean', default: false },
    duration: { type: 'string', default: '8h' },
    out: { type: 'string', default: path.join(homedir(), '.kube', 'todo-kubectl-ai.yaml') },
    context: { type: 'string' },
  },
});
if (!/^\d+(s|m|h)$/.test(values.duration!))
  fail(`--duration must look like 30m or 8h (got "${values.duration}")`);
const agent = agents.find((a) => a.name === 'kubectl-ai')!;
const t = tools();
const cluster = await clusterOrFail(t.kubectl, values.context);
const run = async (args: string[], what: string, input?: string) => {
  const r = await realRunner.run(t.kubectl, ['--context', cluster.context, ...args], { input });
  if (r.exitCode !== 0) fail(`${what} failed: ${r.stderr.trim().split('\n').at(-1)}`);
  return r.stdout;
};
if (values['apply-rbac']) {
  const ns = await realRunner.run(t.kubectl, [
    '--context',
    cluster.context,
    'create',
    'namespace',
    agent.namespace,
  ]);
  if (ns.exitCode !== 0 && !/AlreadyExists/.test(ns.stderr))
    fail(`creating namespace ${agent.namespace}: ${ns.stderr.trim()}`);
  // Objects in a namespace that does not exist yet (kagent's, before kagent is installed) are
  // left out, with a note: the docs put this step first, so it must work on a bare cluster.
  const objects = parseManifests(
    readFileSync(path.join(repoRoot, 'k8s/ai-ops/generated/rbac.yaml'), 'utf8'),
  );
  const created = new Set(
    objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name),
  );
  const existing = new Set(
    (
      await run(
        ['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}'],
        'listing namespaces',
      )
    )
      .trim()
      .split(/\s+/),
  );
  const missing = (o: (typeof objects)[number]) => {
    const ns = o.metadata?.namespace;
    return ns !== undefined && !existing.has(ns) && !created.has(ns);
  };
  const skipped = [...new Set(objects.filter(missing).map((o) => o.metadata!.namespace!))];
  await run(
    ['apply', '-f', '-'],
    'applying the agent RBAC',
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.filter((o) => !missing(o)) }),
  );
  for (const ns of skipped) {
    console.log(
      `skipped the RBAC for namespace ${ns}: it does not exist yet (install kagent, then run --apply-rbac again)`,
    );
  }
}
const token = await run(
  ['create', 'token', agent.name, '-n', agent.namespace, '--duration', values.duration!],
  `a token for ${agent.namespace}/${agent.name} (run with --apply-rbac first?)`,
);
const minified = await run(
  ['config', 'view', '--minify', '--raw', '--flatten', '-o', 'json'],
  'reading the cluster',
);
mkdirSync(path.dirname(values.out!), { recursive: true });
// The token is a credential: readable by its owner only.
writeFileSync(
  values.out!,
  agentKubeconfig({
    minifiedConfig: minified,
    token,
    serviceAccount: agent.name,
    namespace: 'todo-backend',
  }),
  { mode: 0o600 },
);
console.log(
  `wrote ${values.out} (token valid ${values.duration}); use it with:\n  kubectl-ai --kubeconfig ${values.out}`,
);
