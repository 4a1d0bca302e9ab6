import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort, startPostgres, type PostgresServer } from '@todo/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Prometheus metrics of both servers, scraped for real: the web app's standalone build in
 * front of a real API process on a real PostgreSQL server.
 */
const webRoot = path.resolve(import.meta.dirname, '..');
const apiRoot = path.resolve(webRoot, '../api');

let pg: PostgresServer;
const children: ChildProcess[] = [];
let api: string;
let web: string;

async function waitFor(url: string, what: string) {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start`);
}

function start(args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
}

beforeAll(async () => {
  // As the image starts it: start.mjs forwards /api itself and records the upstream latency.
  const server = path.join(webRoot, '.next/standalone/apps/web/start.mjs');
  if (!existsSync(server)) throw new Error('Run `pnpm --filter @todo/web build` first');
  pg = await startPostgres();
  const apiPort = await freePort();
  const webPort = await freePort();
  api = `http://127.0.0.1:${apiPort}`;
  web = `http://127.0.0.1:${webPort}`;
  start(['--import', 'tsx', 'src/server.ts'], apiRoot, {
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    DATABASE_URL: await pg.createDatabase('metrics'),
    MIGRATE_ON_START: 'true',
    AUTH_SECRET: 'metrics-secret-metrics-secret-metrics-secret',
    TRUSTED_ORIGINS: web,
    LOG_LEVEL: 'warn',
  });
  start([server], webRoot, {
    PORT: String(webPort),
    HOSTNAME: '127.0.0.1',
    API_URL: api,
    NEXT_TELEMETRY_DISABLED: '1',
  });
  await waitFor(`${api}/readyz`, 'the API');
  await waitFor(`${web}/healthz`, 'the web server');
});

afterAll(async () => {
  for (const child of children.reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await pg?.destroy();
});

let n = 0;
const email = () => `metrics.person${n}@example.com`;
const title = 'Secret errand for Ms Lovelace';

/** Traffic through the web app as a browser makes it: sign-up, tasks, chat, a 404, a 401. */
async function browse() {
  n++;
  const json = { 'content-type': 'application/json', origin: web };
  const password = 'long enough password';
  const signUp = await fetch(`${web}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: email(), password, name: 'Ada Lovelace' }),
  });
  expect(signUp.status).toBe(200);
  // Sign-up does not sign in: the browser signs in next.
  const signIn = await fetch(`${web}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: email(), password }),
  });
  expect(signIn.status).toBe(200);
  const userId = ((await signIn.json()) as { user: { id: string } }).user.id;
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = { ...json, cookie };
  const created = await fetch(`${web}/api/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: number };
  expect((await fetch(`${web}/api/tasks/${id}`, { headers })).status).toBe(200);
  expect((await fetch(`${web}/api/tasks/999999`, { headers })).status).toBe(404);
  expect((await fetch(`${web}/api/tasks`)).status).toBe(401);
  const chat = await fetch(`${web}/api/chat`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ message: "what's on my list" }),
  });
  expect(chat.status).toBe(200);
  expect(
    (await fetch(`${web}/api/no/such/${encodeURIComponent(email())}`, { headers })).status,
  ).toBe(404);
  return { userId, id };
}

/** `name{labels} value` lines of a Prometheus text exposition. */
const series = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

describe('metrics', () => {
  it('the API exposes request, in-flight, pool, event loop, process and chat series', async () => {
    const { userId, id } = await browse();
    const res = await fetch(`${api}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const lines = series(text);
    const has = (pattern: RegExp) =>
      expect(
        lines.some((l) => pattern.test(l)),
        String(pattern),
      );
    // Route templates and status classes, never the concrete path.
    has(
      /^http_request_duration_seconds_bucket\{.*route="\/api\/tasks\/:id".*status_class="2xx"/,
    ).toBe(true);
    has(
      /^http_request_duration_seconds_count\{.*route="\/api\/tasks\/:id".*status_class="4xx"/,
    ).toBe(true);
    has(
      /^http_request_duration_seconds_count\{method="GET",route="\/api\/tasks",status_class="4xx"\}/,
    ).toBe(true);
    has(/^http_request_duration_seconds_count\{.*route="unmatched"/).toBe(true);
    has(/^http_requests_in_flight \d+/).toBe(true);
    has(/^db_pool_connections \d+/).toBe(true);
    has(/^db_pool_connections_in_use \d+/).toBe(true);
    has(/^db_pool_waiting \d+/).toBe(true);
    has(/^nodejs_eventloop_lag_p99_seconds /).toBe(true);
    has(/^process_resident_memory_bytes /).toBe(true);
    has(/^process_cpu_seconds_total /).toBe(true);
    has(/^chat_turns_total\{engine="offline",outcome="ok"\} 1$/).toBe(true);
    // No user data in any label or value: id, email, name, title, the task's path.
    for (const secret of [
      userId,
      email(),
      'Lovelace',
      title,
      `/api/tasks/${id}`,
      '/api/tasks/999999',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("the web server has its own metrics with the proxy's upstream latency", async () => {
    await browse();
    const res = await fetch(`${web}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = series(text);
    expect(
      lines.some((l) =>
        /^web_proxy_upstream_duration_seconds_count\{method="POST",route="\/api\/tasks",status_class="2xx"\} \d+/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(
      lines.some((l) => /^web_proxy_upstream_duration_seconds_count\{.*route="other"/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /^process_resident_memory_bytes /.test(l))).toBe(true);
    // The API's own series are not what the web server shows...
    expect(text).not.toMatch(/^http_request_duration_seconds/m);
    for (const secret of [email(), 'Lovelace', title]) expect(text).not.toContain(secret);
  });

  it("the API's /metrics is not reachable through the web app", async () => {
    for (const url of [
      `${web}/api/metrics`,
      `${web}/api/../metrics`,
      `${web}/api/%2e%2e/metrics`,
    ]) {
      const res = await fetch(url);
      const text = await res.text();
      expect(text, url).not.toMatch(/^http_request_duration_seconds/m);
      expect(text, url).not.toMatch(/^db_pool_connections/m);
    }
  });
});
