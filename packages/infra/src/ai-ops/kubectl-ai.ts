import { stringify } from 'yaml';

/**
 * kubectl-ai's configuration for this app (the files in `$XDG_CONFIG_HOME/kubectl-ai/`),
 * written as kubectl-ai v0.0.28 reads them. Its loader is sigs.k8s.io/yaml: a key counts only
 * when it matches a Go field's JSON name (`llmProvider`, not the flag spelling `llm-provider`,
 * which is silently dropped); fields with only yaml tags match by their Go name, case-blind
 * (`commandDesc`, not `command_desc`). Paths are not `~`-expanded, so they are written out.
 */

export const KUBECTL_AI_VERSION = 'v0.0.28';

/** The option names of kubectl-ai's config.yaml we set, as its Options struct spells them. */
export const kubectlAiConfigKeys = [
  'llmProvider',
  'model',
  'enableToolUseShim',
  'kubeConfigPath',
  'skipPermissions',
  'maxIterations',
  'mcpClient',
  'toolConfigPaths',
] as const;

/**
 * The MCP server's name decides the environment variable kubectl-ai reads its token from:
 * `MCP_<NAME upper-cased>_TOKEN` (applyAuthEnvironmentVariables). With a dash in the name that
 * variable could not be exported from a shell, so the name uses an underscore.
 */
export const KUBECTL_AI_MCP_SERVER = 'todo_tasks';
export const kubectlAiMcpTokenVariable = (server = KUBECTL_AI_MCP_SERVER) =>
  `MCP_${server.toUpperCase()}_TOKEN`;

export type KubectlAiProvider = 'openai' | 'gemini' | 'ollama';

export interface KubectlAiOptions {
  configDir: string;
  repoRoot: string;
  kubeconfig: string;
  provider: KubectlAiProvider;
  model?: string;
  /** The app's /mcp endpoint as this machine reaches it (the web app proxies it). */
  mcpUrl: string;
  /** How to run the blueprint check; defaults to pnpm in the repository, from any directory. */
  blueprintCommand?: string;
}

const defaultModel: Record<KubectlAiProvider, string> = {
  openai: 'gpt-4.1-mini',
  gemini: 'gemini-2.5-flash',
  ollama: 'qwen3:8b',
};

/** POSIX single quotes: the tool's command line runs through `bash -c`. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function kubectlAiFiles(o: KubectlAiOptions): Record<string, string> {
  const toolsPath = `${o.configDir}/tools.yaml`;
  const config = {
    llmProvider: o.provider,
    model: o.model ?? defaultModel[o.provider],
    // Small local models call tools only through kubectl-ai's shim.
    ...(o.provider === 'ollama' ? { enableToolUseShim: true } : {}),
    kubeConfigPath: o.kubeconfig,
    skipPermissions: false,
    maxIterations: 20,
    mcpClient: true,
    toolConfigPaths: [toolsPath],
  };
  const command =
    o.blueprintCommand ?? `pnpm --silent --dir ${shellQuote(o.repoRoot)} run blueprint check`;
  const tools = [
    {
      name: 'blueprint_check',
      description:
        "Checks a proposed kubectl command line against the Todo app's blueprint (k8s/blueprint.yaml) and answers ALLOW or DENY with reasons. Call it BEFORE running any kubectl command that changes the cluster, and do not run a command it denies.",
      command,
      commandDesc: [
        `${command} --command '<one kubectl command line, in single quotes>'`,
        `  e.g. ${command} --command 'kubectl scale deployment/todo-backend -n todo-backend --replicas=3'`,
        'Prints ALLOW or DENY and one reason per line; exit code 0 means allowed, 1 denied.',
        'Only one plain kubectl command is judged: no ;, &&, pipes, redirections or $(…).',
      ].join('\n'),
      isInteractive: false,
    },
  ];
  const mcp = {
    servers: [
      {
        name: KUBECTL_AI_MCP_SERVER,
        url: o.mcpUrl,
        useStreaming: true,
        // The token is not in this file: kubectl-ai takes it from MCP_TODO_TASKS_TOKEN.
        auth: { type: 'bearer' },
      },
    ],
  };
  const header = (what: string) =>
    `# kubectl-ai ${KUBECTL_AI_VERSION} ${what} for the Todo app, written by \`pnpm run ai:kubectl-ai\`.\n`;
  return {
    'config.yaml': header('options') + stringify(config, { lineWidth: 0 }),
    'tools.yaml': header('custom tools') + stringify(tools, { lineWidth: 0 }),
    'mcp.yaml':
      header('MCP servers') +
      `# Export ${kubectlAiMcpTokenVariable()}=todo_pat_… (Settings → API tokens) before starting it.\n` +
      stringify(mcp),
  };
}
