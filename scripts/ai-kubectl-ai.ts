#!/usr/bin/env tsx
/**
 * Writes kubectl-ai's configuration for this app (config.yaml, tools.yaml, mcp.yaml) with
 * absolute paths, so kubectl-ai finds the least-privilege kubeconfig, the blueprint_check tool
 * (runnable from any directory) and the app's MCP tools.
 *   pnpm run ai:kubectl-ai [--provider openai|gemini|ollama] [--model M] [--config-dir DIR]
 *                          [--kubeconfig FILE] [--mcp-url URL]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { kubectlAiFiles, kubectlAiMcpTokenVariable, scriptEnv } from '@todo/infra';
import { fail, repoRoot } from './lib/cli';

const env = scriptEnv();
const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'openai' },
    model: { type: 'string' },
    'config-dir': {
      type: 'string',
      default: path.join(env.xdgConfigHome ?? path.join(homedir(), '.config'), 'kubectl-ai'),
    },
    kubeconfig: { type: 'string', default: path.join(homedir(), '.kube', 'todo-kubectl-ai.yaml') },
    'mcp-url': { type: 'string', default: 'http://127.0.0.1:8080/mcp' },
  },
});
const provider = values.provider;
if (provider !== 'openai' && provider !== 'gemini' && provider !== 'ollama')
  fail(`--provider must be openai, gemini or ollama (got "${provider}")`);
try {
  new URL(values['mcp-url']!);
} catch {
  fail(`--mcp-url must be a URL such as http://127.0.0.1:8080/mcp (got "${values['mcp-url']}")`);
}
const configDir = path.resolve(values['config-dir']!);
const files = kubectlAiFiles({
  configDir,
  repoRoot,
  kubeconfig: path.resolve(values.kubeconfig!),
  provider,
  model: values.model,
  mcpUrl: values['mcp-url']!,
});
mkdirSync(configDir, { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(path.join(configDir, name), text);
console.log(
  `wrote ${Object.keys(files).join(', ')} to ${configDir}\n` +
    `next: pnpm run ai:kubeconfig --apply-rbac; export ${kubectlAiMcpTokenVariable()}=todo_pat_…; kubectl-ai`,
);
