/**
 * The checks of `pnpm run e2e:ai-ops` on the real test cluster. Each uses what a user would:
 * the generated RBAC and policies applied with kubectl, the kubeconfig `ai:kubeconfig` mints,
 * the kubectl-ai files `ai:kubectl-ai` writes, the app's /mcp through a port-forward.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  agents,
  callMcpTool,
  kubectlAiMcpTokenVariable,
  loadBlueprint,
  parseManifests,
} from '@todo/infra';
import { portForward } from '../lib/port-forward';
import { threeJudges } from './judge';
import type { BaseCtx as Ctx, Check } from '../lib/checks-harness';

const bp = (ctx: Ctx) => loadBlueprint(path.join(ctx.repoRoot, 'k8s/blueprint.yaml'));
const generated = (ctx: Ctx, f: string) => path.join(ctx.repoRoot, 'k8s/ai-ops/generated', f);
const forbidden = (stderr: string) => /\(Forbidden\)|forbidden/.test(stderr);

/** What an identity may do, asked of the real API server; `as` is a kubeconfig or a user. */
async function boundary(ctx: Ctx, who: { kubeconfig?: string; as?: string }): Promise<string> {
  const auth = who.kubeconfig ? ['--kubeconfig', who.kubeconfig] : ['--as', who.as!];
  const kubectl = (args: string[]) => ctx.sh(ctx.kubectl, [...auth, ...args]);
  const pods = await kubectl(['get', 'pods', '-n', 'todo-backend', '-o', 'name']);
  if (pods.exitCode !== 0 || !pods.stdout.includes('pod/todo-backend'))
    throw new Error(`reading pods in todo-backend failed: ${pods.stderr.trim() || pods.stdout}`);
  const deny = async (what: string, args: string[], why: RegExp) => {
    const r = await kubectl(args);
    if (r.exitCode === 0 || !why.test(r.stderr))
      throw new Error(`${what} was not refused as expected: exit ${r.exitCode} ${r.stderr.trim()}`);
  };
  await deny('a Secret read', ['get', 'secrets', '-n', 'todo-data'], /Forbidden|forbidden/);
  await deny('a read in kube-system', ['get', 'pods', '-n', 'kube-system'], /forbidden/);
  await deny(
    'deleting a Deployment',
    ['delete', 'deployment', 'todo-backend', '-n', 'todo-backend', '--dry-run=server'],
    /forbidden/,
  );
  // The replica bounds and images hold for the agents at admission (dry-run: nothing changes).
  await deny(
    'scaling to zero',
    ['scale', 'deployment/todo-backend', '-n', 'todo-backend', '--replicas=0', '--dry-run=server'],
    /agent-replicas/,
  );
  await deny(
    'scaling to 6',
    ['scale', 'deployment/todo-backend', '-n', 'todo-backend', '--replicas=6', '--dry-run=server'],
    /agent-replicas/,
  );
  const scale = await kubectl([
    'scale',
    'deployment/todo-backend',
    '-n',
    'todo-backend',
    '--replicas=2',
    '--dry-run=server',
  ]);
  if (scale.exitCode !== 0)
    throw new Error(`scaling to 2 (within bounds) was refused: ${scale.stderr.trim()}`);
  const containers = JSON.parse(
    await ctx.k(['get', 'deployment/todo-backend', '-n', 'todo-backend', '-o', 'json']),
  ).spec.template.spec.containers as { name: string }[];
  await deny(
    'changing the image',
    [
      'set',
      'image',
      'deployment/todo-backend',
      '-n',
      'todo-backend',
      `${containers[0]!.name}=todo-api:other`,
      '--dry-run=server',
    ],
    /agent-images/,
  );
  return 'reads todo-backend; Secrets, kube-system, delete, replicas 0/6, new image refused; replicas 2 admitted';
}

export const checks: Check[] = [
  {
    name: 'guardrails apply: generated RBAC and both admission policies',
    async run(ctx) {
      for (const ns of ['todo-ai-ops', 'kagent'])
        await ctx
          .k(['create', 'namespace', ns, '--dry-run=client', '-o', 'yaml'])
          .then((y) => ctx.k(['apply', '-f', '-'], y));
      // kagent-tools' ServiceAccount is made by the kagent chart (rbac.create=false), which
      // cannot be installed here: this makes the same account so its rights can be asked.
      const tools = agents.find((a) => a.name === 'kagent-tools')!;
      await ctx.k(
        ['apply', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: tools.name, namespace: tools.namespace },
          automountServiceAccountToken: false,
        }),
      );
      await ctx.k(['apply', '-f', generated(ctx, 'rbac.yaml')]);
      await ctx.k(['apply', '-f', generated(ctx, 'admission-policy.yaml')]);
      const objects = parseManifests(readFileSync(generated(ctx, 'admission-policy.yaml'), 'utf8'));
      return `${parseManifests(readFileSync(generated(ctx, 'rbac.yaml'), 'utf8')).length} RBAC objects, ${objects.length} policy objects`;
    },
  },
  {
    name: 'three judges agree: TypeScript, @bufbuild/cel, the API server',
    run: (ctx) => threeJudges(ctx, bp(ctx)),
  },
  {
    name: 'kubectl-ai identity (kubeconfig from ai:kubeconfig): least privilege',
    async run(ctx) {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'ai-ops-')), 'kubectl-ai.yaml');
      await ctx.must('pnpm', [
        '--silent',
        'run',
        'ai:kubeconfig',
        '--out',
        out,
        '--duration',
        '10m',
      ]);
      ctx.state.kubectlAiKubeconfig = out;
      // Admission sees the token's identity once the policy informer has the new bindings.
      await ctx.waitFor('the agents policy to take effect', async () => {
        const r = await ctx.sh(ctx.kubectl, [
          '--kubeconfig',
          out,
          'scale',
          'deployment/todo-backend',
          '-n',
          'todo-backend',
          '--replicas=0',
          '--dry-run=server',
        ]);
        return r.exitCode !== 0 && (r.stderr.includes('agent-replicas') || forbidden(r.stderr));
      });
      return boundary(ctx, { kubeconfig: out });
    },
  },
  {
    name: 'kagent-tools identity (kagent/kagent-tools, impersonated): least privilege',
    run: (ctx) => boundary(ctx, { as: 'system:serviceaccount:kagent:kagent-tools' }),
  },
  {
    name: 'blueprint_check run as kubectl-ai runs a custom tool (bash -c, temp dir)',
    async run(ctx) {
      const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-ai-config-'));
      await ctx.must('pnpm', [
        '--silent',
        'run',
        'ai:kubectl-ai',
        '--config-dir',
        dir,
        '--kubeconfig',
        String(ctx.state.kubectlAiKubeconfig ?? '/nonexistent'),
      ]);
      const command = /^ {2}command: (.*)$/m.exec(
        readFileSync(path.join(dir, 'tools.yaml'), 'utf8'),
      )![1]!;
      const work = mkdtempSync(path.join(tmpdir(), 'kubectl-ai-work-'));
      const run = (line: string) =>
        ctx.sh('bash', ['-c', `${command} --command '${line}'`], { cwd: work });
      const zero = await run('kubectl scale deployment/todo-backend -n todo-backend --replicas=0');
      if (zero.exitCode !== 1 || !zero.stdout.includes('scaling to zero needs a person'))
        throw new Error(`scale to zero: exit ${zero.exitCode} ${zero.stdout}${zero.stderr}`);
      const compound = await run(
        'kubectl get pods -n todo-backend; kubectl delete namespace todo-data',
      );
      if (compound.exitCode !== 1)
        throw new Error(`a compound command was allowed: ${compound.stdout}`);
      const read = await run('kubectl get pods -n todo-backend');
      if (read.exitCode !== 0) throw new Error(`a read was denied: ${read.stdout}`);
      // The read it allowed, with the kubeconfig the config names, reaches the cluster.
      const config = readFileSync(path.join(dir, 'config.yaml'), 'utf8');
      const kubeconfig = /^kubeConfigPath: (.*)$/m.exec(config)![1]!;
      const pods = await ctx.must(ctx.kubectl, [
        '--kubeconfig',
        kubeconfig,
        'get',
        'pods',
        '-n',
        'todo-backend',
        '-o',
        'name',
      ]);
      return `DENY scale 0, DENY compound, ALLOW read (${pods.trim().split('\n').length} pods with kubeConfigPath)`;
    },
  },
  {
    name: "the app's MCP list_tasks with a personal token, as mcp.yaml configures it",
    async run(ctx) {
      // The deploy trusts the origin of the port it printed; this client is no browser, so it
      // states that origin while it talks to a port-forward on a port kubectl picks.
      const trusted = (
        await ctx.k([
          'get',
          'configmap',
          '-n',
          'todo-backend',
          '-o',
          'jsonpath={.items[*].data.TRUSTED_ORIGINS}',
        ])
      )
        .split(',')[0]!
        .trim();
      const pf = await portForward({
        kubectl: ctx.kubectl,
        context: 'todo-ci',
        namespace: 'todo-frontend',
        service: 'todo-frontend',
        localPort: 0,
        remotePort: 80,
      });
      try {
        const base = pf.url.replace(/\/+$/, '');
        let cookie = '';
        const call = async (method: string, p: string, body?: unknown) => {
          const res = await fetch(`${base}${p}`, {
            method,
            headers: {
              origin: trusted,
              'content-type': 'application/json',
              ...(cookie ? { cookie } : {}),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return {
            res,
            json: (await res.json().catch(() => null)) as Record<string, unknown> | null,
          };
        };
        const email = `ai-ops-${Date.now()}@example.test`;
        const password = `ai-ops-${Math.random().toString(36).slice(2)}-pw`;
        await call('POST', '/api/auth/sign-up/email', { email, password, name: 'AI ops e2e' });
        const signIn = await call('POST', '/api/auth/sign-in/email', { email, password });
        cookie = signIn.res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        if (!cookie) throw new Error(`sign-in answered ${signIn.res.status} without a session`);
        const task = await call('POST', '/api/tasks', {
          title: 'Check the ai-ops MCP path',
          tags: ['aiops'],
        });
        if (task.res.status !== 201) throw new Error(`creating a task answered ${task.res.status}`);
        const made = await call('POST', '/api/tokens', { name: 'e2e ai-ops' });
        const token = String(made.json?.token ?? '');
        if (!token) throw new Error(`creating a token answered ${made.res.status}`);
        // kubectl-ai reads the token from MCP_TODO_TASKS_TOKEN; so does this client.
        const env = { [kubectlAiMcpTokenVariable()]: token };
        const result = await callMcpTool({
          url: `${base}/mcp`,
          token: env[kubectlAiMcpTokenVariable()]!,
          tool: 'list_tasks',
          args: { tag: 'aiops' },
        });
        if (result.isError || !result.text.includes('Check the ai-ops MCP path'))
          throw new Error(`list_tasks answered ${result.text.slice(0, 200)}`);
        const without = await fetch(`${base}/mcp`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        if (without.status !== 401)
          throw new Error(`/mcp without the token answered ${without.status}, not 401`);
        await call('DELETE', `/api/tokens/${String(made.json?.id)}`);
        return `${result.tools.length} tools; list_tasks found the task; no token: 401`;
      } finally {
        await pf.stop();
      }
    },
  },
  {
    name: 'kubectl-ai itself, run with --quiet against a fake LLM',
    notHere:
      'not run: the Go module proxy here refuses github.com/GoogleCloudPlatform/kubectl-ai (403 for every version), so it cannot be built',
    run: async () => {},
  },
  {
    name: "kagent's CRDs and controller reconciling todo-sre",
    notHere:
      'not run: the proxy refuses github.com/kagent-dev/kagent/go (403), so neither its CRDs nor its controller can be had; its Python agent image could not run here anyway (no registry)',
    run: async () => {},
  },
  {
    name: 'the kagent tools server (kagent-dev/tools) under the restricted RBAC, via MCP',
    notHere:
      'not run: the proxy refuses github.com/kagent-dev/tools (403); its identity kagent/kagent-tools is checked above by impersonation instead',
    run: async () => {},
  },
];
