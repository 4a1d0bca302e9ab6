import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { classifyContext } from '../src/deploy';
import { formatPlan } from '../src/deploy';
import {
  KAGENT_VERSION,
  kagentInstallPlan,
  kagentObjects as buildObjects,
  kagentValues,
  readOnlyTools,
  validateKagentObject,
} from '../src/ai-ops';
import { agentKubeconfig } from '../src/ai-ops';
import { helmInstall, readCommand } from './commands';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const kagentDir = path.join(repoRoot, 'k8s/ai-ops/kagent');
const kagentObjects = readdirSync(kagentDir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(kagentDir, f), 'utf8')).map((d) => ({
      file: f,
      obj: d.toJS(),
    })),
  );

describe('kagent manifests (kagent.dev/v1alpha2, checked offline against our schema of the fields used)', () => {
  it('are all valid', () => {
    expect(kagentObjects.length).toBe(4);
    for (const { file, obj } of kagentObjects) expect(validateKagentObject(obj), file).toEqual([]);
  });

  it('catch typos and broken rules', () => {
    const agent = structuredClone(kagentObjects.find((o) => o.obj.kind === 'Agent')!.obj);
    agent.spec.declarative.tools[0].mcpServer.requireApprovel = ['k8s_scale'];
    expect(validateKagentObject(agent)[0]).toMatch(/requireApprovel/);
    const agent2 = structuredClone(kagentObjects.find((o) => o.obj.kind === 'Agent')!.obj);
    agent2.spec.declarative.tools[0].mcpServer.requireApproval.push('k8s_delete_resource');
    expect(validateKagentObject(agent2)).toContainEqual(
      expect.stringMatching(/must also appear in toolNames/),
    );
    const mcp = structuredClone(kagentObjects.find((o) => o.obj.kind === 'RemoteMCPServer')!.obj);
    mcp.spec.protocol = 'HTTP';
    expect(validateKagentObject(mcp)[0]).toMatch(/protocol/);
  });

  it('give the agent an explicit allowlist, with approval for everything that changes state', () => {
    const agent = kagentObjects.find((o) => o.obj.kind === 'Agent')!.obj;
    const tools = agent.spec.declarative.tools.flatMap(
      (t: { mcpServer: { toolNames: string[] } }) => t.mcpServer.toolNames,
    );
    const approval = agent.spec.declarative.tools.flatMap(
      (t: { mcpServer: { requireApproval?: string[] } }) => t.mcpServer.requireApproval ?? [],
    );
    expect(tools).not.toContain('k8s_delete_resource');
    expect(tools).not.toContain('k8s_apply_manifest');
    // Approval is exactly the tools that change state, add_task and complete_task included.
    expect([...approval].sort()).toEqual(
      tools.filter((t: string) => !readOnlyTools.includes(t)).sort(),
    );
    expect(approval).toEqual(expect.arrayContaining(['add_task', 'complete_task']));
    // The app's tools point at the backend Service's /mcp, with the token from a Secret.
    const mcp = kagentObjects.find((o) => o.obj.kind === 'RemoteMCPServer')!.obj;
    expect(mcp.spec.url).toBe('http://todo-backend.todo-backend.svc.cluster.local/mcp');
    expect(mcp.spec.headersFrom[0].valueFrom).toEqual({
      type: 'Secret',
      name: 'todo-mcp-token',
      key: 'Authorization',
    });
    expect(JSON.stringify(kagentObjects)).not.toMatch(/todo_pat_|sk-/);
  });
});

describe('kagent install plan', () => {
  const cluster = classifyContext('minikube');
  const obj = (kind: string) => kagentObjects.find((o) => o.obj.kind === kind)!.obj;
  const files = {
    modelConfig: {
      openAI: kagentObjects.find((o) => o.file === 'model-config-openai.yaml')!.obj,
      ollama: kagentObjects.find((o) => o.file === 'model-config-ollama.yaml')!.obj,
    },
    remoteMcpServer: obj('RemoteMCPServer'),
    agent: obj('Agent'),
  };
  const plan = (provider: 'openAI' | 'ollama') =>
    kagentInstallPlan({
      cluster,
      helm: 'helm',
      kubectl: 'kubectl',
      provider,
      openaiApiKey: provider === 'openAI' ? 'sk-live-SECRET' : undefined,
      mcpToken: 'todo_pat_SECRET',
      manifests: ['generated/rbac.yaml', 'generated/admission-policy.yaml'],
      objects: buildObjects(provider, files),
    });

  it('pins kagent 0.10.x, passes keys on stdin only and applies the guardrails before the agent', () => {
    const steps = plan('openAI');
    expect(KAGENT_VERSION).toMatch(/^0\.10\./);
    const charts = steps.filter((s) => s.kind === 'release').map((s) => helmInstall(s.args));
    expect(charts.map((h) => [h.release, h.namespace, h.command.get('--version')])).toEqual([
      ['kagent-crds', 'kagent', KAGENT_VERSION],
      ['kagent', 'kagent', KAGENT_VERSION],
    ]);
    const controller = steps.find((s) => s.kind === 'release' && s.release === 'kagent')!;
    expect(helmInstall(controller.args).valuesFiles).toEqual(['-']);
    expect(controller.input).toContain('sk-live-SECRET');
    const applies = steps.filter((s) => s.kind === 'apply');
    expect(steps.every((s) => !s.args.join(' ').includes('SECRET'))).toBe(true);
    expect(formatPlan(steps)).not.toMatch(/SECRET/);
    // Only the app token is a Secret of ours: the chart owns kagent-openai.
    const secrets = applies.flatMap((s) => parseAllDocuments(s.input ?? '').map((d) => d.toJS()));
    expect(secrets.filter((x) => x?.kind === 'Secret').map((x) => x.metadata.name)).toEqual([
      'todo-mcp-token',
    ]);
    expect(applies[0]!.input).toContain('Bearer todo_pat_SECRET');
    // The guardrails (RBAC, admission policy) are in place before the agent that they limit.
    expect(applies.slice(1, 3).map((s) => readCommand(s.args).get('--filename'))).toEqual([
      'generated/rbac.yaml',
      'generated/admission-policy.yaml',
    ]);
    expect(applies.at(-1)!.input).toContain('kind: Agent');
  });

  it('points the Agent at the ModelConfig of the provider it installs', () => {
    for (const [provider, name] of [
      ['openAI', 'todo-openai'],
      ['ollama', 'todo-ollama'],
    ] as const) {
      const docs = parseAllDocuments(plan(provider).at(-1)!.input!).map((d) => d.toJS());
      const model = docs.find((d) => d.kind === 'ModelConfig');
      const agent = docs.find((d) => d.kind === 'Agent');
      expect(model.metadata.name).toBe(name);
      expect(agent.spec.declarative.modelConfig).toBe(name);
      for (const d of docs) expect(validateKagentObject(d)).toEqual([]);
    }
  });

  it('installs only what todo-sre needs, and a tools server without cluster-admin', () => {
    const values = kagentValues('ollama');
    expect(values['kagent-tools']).toEqual({ enabled: true, rbac: { create: false } });
    const enabled = Object.entries(values)
      .filter(([, v]) => (v as { enabled?: boolean }).enabled === true)
      .map(([k]) => k);
    expect(enabled).toEqual(['kagent-tools']);
    expect(Object.keys(values)).toEqual(
      expect.arrayContaining(['k8s-agent', 'observability-agent', 'grafana-mcp', 'kmcp']),
    );
  });
});

describe('the agent kubeconfig', () => {
  it('uses the cluster server and CA with the ServiceAccount token, nothing of the admin user', () => {
    // FAKE `kubectl config view --minify --raw --flatten -o json` output, in kubectl's format.
    const minified = JSON.stringify({
      kind: 'Config',
      clusters: [
        {
          name: 'minikube',
          cluster: { server: 'https://127.0.0.1:32771', 'certificate-authority-data': 'Q0EK' },
        },
      ],
      users: [{ name: 'minikube', user: { 'client-key-data': 'ADMIN-KEY' } }],
    });
    const yaml = agentKubeconfig({
      minifiedConfig: minified,
      token: 'eyJ.token\n',
      serviceAccount: 'kubectl-ai',
      namespace: 'todo-backend',
    });
    const config = parse(yaml);
    expect(config['current-context']).toBe('kubectl-ai@minikube');
    expect(config.clusters[0].cluster).toEqual({
      server: 'https://127.0.0.1:32771',
      'certificate-authority-data': 'Q0EK',
    });
    expect(config.users).toEqual([{ name: 'kubectl-ai', user: { token: 'eyJ.token' } }]);
    expect(yaml).not.toContain('ADMIN-KEY');
  });
});
