import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  kubectlAiConfigKeys,
  kubectlAiFiles,
  kubectlAiMcpTokenVariable,
  KUBECTL_AI_MCP_SERVER,
} from '../src/ai-ops';

/*
 * kubectl-ai itself cannot be built here (the Go module proxy refuses its module), so these
 * tests pin what its v0.0.28 source reads (cmd/main.go Options JSON names, pkg/mcp env
 * handling, pkg/tools/custom_tool.go) and run the blueprint_check tool the way kubectl-ai
 * runs a custom tool: `bash -c <command>` in a temporary working directory.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const configDir = '/home/someone/.config/kubectl-ai';
const files = kubectlAiFiles({
  configDir,
  repoRoot,
  kubeconfig: '/home/someone/.kube/todo-kubectl-ai.yaml',
  provider: 'openai',
  mcpUrl: 'http://127.0.0.1:8080/mcp',
});

describe('kubectl-ai configuration', () => {
  it('uses only the JSON option names kubectl-ai reads, with absolute paths', () => {
    const config = parse(files['config.yaml']!) as Record<string, unknown>;
    for (const key of Object.keys(config)) expect(kubectlAiConfigKeys).toContain(key);
    expect(config).toMatchObject({
      llmProvider: 'openai',
      mcpClient: true,
      skipPermissions: false,
    });
    expect(config.kubeConfigPath).toMatch(/^\//);
    expect(config.toolConfigPaths).toEqual([`${configDir}/tools.yaml`]);
  });

  it('names the MCP server so that its token variable can be exported from a shell', () => {
    const mcp = parse(files['mcp.yaml']!) as { servers: { name: string; auth: object }[] };
    expect(mcp.servers[0]!.name).toBe(KUBECTL_AI_MCP_SERVER);
    // The auth block must exist (kubectl-ai only applies the variable to a server with one),
    // and the token itself is never in the file.
    expect(mcp.servers[0]!.auth).toEqual({ type: 'bearer' });
    const variable = kubectlAiMcpTokenVariable();
    expect(variable).toBe('MCP_TODO_TASKS_TOKEN');
    const shell = spawnSync('bash', ['-c', `export ${variable}=x && printenv ${variable}`]);
    expect(shell.stdout.toString().trim()).toBe('x');
    expect(files['mcp.yaml']).not.toMatch(/\$\{|todo_pat_[a-z0-9]/);
  });

  it('gives blueprint_check a command that works from any directory, with its description', () => {
    const [tool] = parse(files['tools.yaml']!) as { command: string; commandDesc: string }[];
    expect(tool!.commandDesc).toContain('--command');
    const cwd = mkdtempSync(path.join(tmpdir(), 'kubectl-ai-work-'));
    const run = (line: string) =>
      spawnSync('bash', ['-c', `${tool!.command} --command '${line}'`], { cwd, encoding: 'utf8' });
    const denied = run('kubectl scale deployment/todo-backend -n todo-backend --replicas=0');
    expect(denied.stdout).toContain('DENY');
    expect(denied.stdout).toContain('scaling to zero needs a person');
    expect(denied.status).toBe(1);
    const allowed = run('kubectl get pods -n todo-backend');
    expect(allowed.stdout.split('\n')[0]).toBe('ALLOW');
    expect(allowed.status).toBe(0);
  });

  it('is what the script writes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-ai-config-'));
    execFileSync('pnpm', ['--silent', 'run', 'ai:kubectl-ai', '--config-dir', dir], {
      cwd: repoRoot,
    });
    const written = parse(
      execFileSync('cat', [path.join(dir, 'config.yaml')], { encoding: 'utf8' }),
    ) as Record<string, unknown>;
    expect(written.toolConfigPaths).toEqual([`${dir}/tools.yaml`]);
  });
});
