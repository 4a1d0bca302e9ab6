#!/usr/bin/env tsx
/**
 * Installs kagent (CRDs and controller, pinned 0.10.x) with Helm, then applies the generated
 * guardrails and our kagent resources (ModelConfig, RemoteMCPServer for the app's /mcp, Agent
 * "todo-sre"). OPENAI_API_KEY and TODO_MCP_TOKEN come from the environment or .env.
 *   pnpm run ai:kagent [--provider openAI|ollama] [--dry-run] [--context NAME]
 */
import 'dotenv/config';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  helmMajorVersion,
  kagentInstallPlan,
  kagentObjects,
  parseManifests,
  realRunner,
  scriptEnv,
} from '@todo/infra';
import { fail, repoRoot } from './lib/cli';
import { clusterOrFail, printOrRunPlan, tools } from './lib/cluster';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'openAI' },
    'dry-run': { type: 'boolean', default: false },
    context: { type: 'string' },
  },
});
if (values.provider !== 'openAI' && values.provider !== 'ollama')
  fail(`--provider must be openAI or ollama (got "${values.provider}")`);
const env = scriptEnv();
const openaiApiKey = env.openaiApiKey;
if (values.provider === 'openAI' && !openaiApiKey && !values['dry-run']) {
  fail('OPENAI_API_KEY is not set: export it (or put it in .env), or use --provider ollama');
}
const t = tools();
const cluster = await clusterOrFail(t.kubectl, values.context);
await helmMajorVersion(realRunner, t.helm).catch(() =>
  fail(`helm was not found: install Helm 3.18+ or 4, or set HELM`),
);
const ai = (f: string) => path.join(repoRoot, 'k8s/ai-ops', f);
const read = (f: string) => parseManifests(readFileSync(ai(f), 'utf8'))[0]! as object;
const steps = kagentInstallPlan({
  cluster,
  helm: t.helm,
  kubectl: t.kubectl,
  provider: values.provider,
  openaiApiKey,
  mcpToken: env.mcpToken,
  manifests: [ai('generated/rbac.yaml'), ai('generated/admission-policy.yaml')],
  objects: kagentObjects(values.provider, {
    modelConfig: {
      openAI: read('kagent/model-config-openai.yaml'),
      ollama: read('kagent/model-config-ollama.yaml'),
    },
    remoteMcpServer: read('kagent/remote-mcp-server.yaml'),
    agent: read('kagent/agent-todo-sre.yaml'),
  }),
});
await printOrRunPlan(steps, { context: cluster.context, dryRun: values['dry-run']! });
console.log(
  'kagent is ready: kubectl -n kagent port-forward svc/kagent-ui 8082:8080, then open http://127.0.0.1:8082',
);
