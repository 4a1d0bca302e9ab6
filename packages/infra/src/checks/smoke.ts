import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface SmokeStep {
  name: string;
  ok: boolean;
  ms: number;
  detail?: string;
}

export interface SmokeReport {
  baseUrl: string;
  ok: boolean;
  steps: SmokeStep[];
}

class StepFailure extends Error {}

/**
 * The end-to-end smoke test, against any base URL of the web app (pnpm dev, containers, the
 * cluster): page, proxied health, sign-up, REST round trip, chat → tool → database, MCP.
 * It removes what it created (tasks, the token); the throwaway user remains.
 */
export async function runSmoke(
  baseUrl: string,
  options: { timeoutMs?: number; onStep?: (step: SmokeStep) => void } = {},
): Promise<SmokeReport> {
  const base = baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const steps: SmokeStep[] = [];
  let cookie = '';
  const created: number[] = [];
  let tokenId: string | undefined;
  let token = '';

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        origin: base,
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // HTML or empty body.
    }
    return { res, text, json: json as Record<string, unknown> & unknown[] };
  };
  const expectStatus = (status: number, expected: number, what: string, text: string) => {
    if (status !== expected) throw new StepFailure(`${what}: HTTP ${status} ${text.slice(0, 200)}`);
  };

  const step = async (name: string, fn: () => Promise<string | void>) => {
    const started = performance.now();
    let result: SmokeStep;
    try {
      const detail = await fn();
      result = {
        name,
        ok: true,
        ms: Math.round(performance.now() - started),
        ...(detail ? { detail } : {}),
      };
    } catch (err) {
      result = {
        name,
        ok: false,
        ms: Math.round(performance.now() - started),
        detail: (err as Error).message,
      };
    }
    steps.push(result);
    options.onStep?.(result);
    return result.ok;
  };

  const email = `smoke-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.invalid`;
  const all = [
    () =>
      step('web page renders', async () => {
        const { res, text } = await call('GET', '/');
        expectStatus(res.status, 200, 'GET /', text);
        if (!/<html/i.test(text) || !/Sign in|Tasks/.test(text))
          throw new StepFailure('GET / did not render the app');
        return `${new URL(res.url).pathname}`;
      }),
    () =>
      step('API health through the web proxy', async () => {
        const { res, text } = await call('GET', '/api/healthz');
        expectStatus(res.status, 200, 'GET /api/healthz', text);
      }),
    () =>
      step('sign up a throwaway user', async () => {
        const password = `smoke-${Math.random().toString(36).slice(2)}-pw`;
        const up = await call('POST', '/api/auth/sign-up/email', {
          email,
          password,
          name: 'Smoke test',
        });
        expectStatus(up.res.status, 200, 'sign-up', up.text);
        // Sign-up signs nobody in (it must not reveal which emails exist): sign in next.
        const { res, text } = await call('POST', '/api/auth/sign-in/email', { email, password });
        expectStatus(res.status, 200, 'sign-in', text);
        cookie = res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        if (!cookie) throw new StepFailure('sign-in set no session cookie');
        return email;
      }),
    () =>
      step('REST: create, list, complete', async () => {
        const { res, json, text } = await call('POST', '/api/tasks', {
          title: 'Smoke test task',
          tags: ['smoke'],
        });
        expectStatus(res.status, 201, 'create', text);
        const id = (json as unknown as { id: number }).id;
        created.push(id);
        const list = await call('GET', '/api/tasks?tag=smoke');
        const items = (list.json as unknown as { items: { id: number }[] }).items ?? [];
        if (!items.some((t) => t.id === id))
          throw new StepFailure('the new task is not in the list');
        const done = await call('POST', `/api/tasks/${id}/complete`);
        expectStatus(done.res.status, 200, 'complete', done.text);
        if (!(done.json as unknown as { completed: boolean }).completed)
          throw new StepFailure('task not completed');
        return `task #${id}`;
      }),
    () =>
      step('chat: "add …" creates a task', async () => {
        const { res, json, text } = await call('POST', '/api/chat', {
          message: 'add smoke test from chat #smoke',
        });
        expectStatus(res.status, 200, 'chat', text);
        const calls = (
          json as unknown as { toolCalls: { name: string; result: { id?: number } }[] }
        ).toolCalls;
        const added = calls.find((c) => c.name === 'add_task')?.result?.id;
        if (!added)
          throw new StepFailure(
            `the agent did not add a task: ${(json as unknown as { reply: string }).reply}`,
          );
        created.push(added);
        const task = await call('GET', `/api/tasks/${added}`);
        expectStatus(task.res.status, 200, 'GET the chat task', task.text);
        return `task #${added}`;
      }),
    () =>
      step('MCP: token, list tools, call list_tasks', async () => {
        const made = await call('POST', '/api/tokens', { name: 'smoke test' });
        expectStatus(made.res.status, 201, 'create token', made.text);
        ({ id: tokenId, token } = made.json as unknown as { id: string; token: string });
        const client = new Client({ name: 'todo-smoke', version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
            requestInit: { headers: { authorization: `Bearer ${token}` } },
          }),
        );
        try {
          const { tools } = await client.listTools();
          if (tools.length < 5) throw new StepFailure(`only ${tools.length} MCP tools`);
          const result = await client.callTool({ name: 'list_tasks', arguments: { tag: 'smoke' } });
          const text = (result.content as { text: string }[])[0]?.text ?? '[]';
          const items = JSON.parse(text) as unknown[];
          if (result.isError || items.length < 1)
            throw new StepFailure(`list_tasks answered ${text.slice(0, 100)}`);
          return `${tools.length} tools, ${items.length} smoke tasks`;
        } finally {
          await client.close();
        }
      }),
    () =>
      step('clean up', async () => {
        for (const id of created) {
          const r = await call('DELETE', `/api/tasks/${id}`);
          if (r.res.status !== 204)
            throw new StepFailure(`delete task ${id}: HTTP ${r.res.status}`);
        }
        if (tokenId) {
          const r = await call('DELETE', `/api/tokens/${tokenId}`);
          if (r.res.status !== 204) throw new StepFailure(`revoke token: HTTP ${r.res.status}`);
        }
        return `${created.length} tasks and 1 token removed`;
      }),
  ];

  for (const [i, run] of all.entries()) {
    const ok = await run();
    // After a failure only the clean-up still runs.
    if (!ok && i < all.length - 1) {
      await all.at(-1)!();
      break;
    }
  }
  return { baseUrl: base, ok: steps.every((s) => s.ok), steps };
}
