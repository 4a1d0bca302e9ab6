#!/usr/bin/env tsx
/**
 * The AI-ops guardrails on the real test cluster, with a pass/fail table: the generated RBAC
 * and admission policies applied, the API server as third judge of the blueprint corpus, the
 * least privilege of kubectl-ai's and kagent-tools' identities, blueprint_check as kubectl-ai
 * runs it, and the app's MCP tools with a token. Needs the app deployed on the cluster
 * (`pnpm turbo deploy`); uses the slot's cluster in .cluster/kubeconfig (TODO_CLUSTER_SLOT,
 * default 0). Exit 1 when a check fails.
 *   pnpm run e2e:ai-ops
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, fail } from './lib/cli';
import { checks } from './e2e-ai-ops/checks';
import { baseCtx, namedTable, runChecks } from './lib/checks-harness';

const kubeconfig = path.join(repoRoot, '.cluster/kubeconfig');
if (!existsSync(kubeconfig)) fail('no .cluster/kubeconfig: run `pnpm run cluster up` first');
const local = (p: string) =>
  existsSync(path.join(repoRoot, p)) ? path.join(repoRoot, p) : undefined;
const kubectl = process.env.KUBECTL ?? local('.tools/helm4/kubectl') ?? 'kubectl';
const helm = process.env.HELM ?? local('.tools/helm4/helm') ?? 'helm';
const env: Record<string, string> = {
  KUBECONFIG: kubeconfig,
  KUBECTL: kubectl,
  HELM: helm,
  TODO_CLUSTER_SLOT: process.env.TODO_CLUSTER_SLOT ?? '0',
};
// kubectl children this process starts itself (the port-forward) use the same cluster.
process.env.KUBECONFIG = kubeconfig;
const ctx = baseCtx({ repoRoot, kubectl, helm, env, log: (l: string) => console.log(l) }, 6);
const t = performance.now();
const results = await runChecks(ctx, checks, {
  heading: (c) => `── ${c.name}`,
  onResult: (r) => ctx.log(`   ${r.status} (${r.seconds.toFixed(1)}s) ${r.detail.split('\n')[0]}`),
});
console.log(
  `\nai-ops checks took ${((performance.now() - t) / 1000).toFixed(0)}s\n${namedTable(results, 'ai-ops')}`,
);
process.exit(results.some((r) => r.status === 'fail') ? 1 : 0);
