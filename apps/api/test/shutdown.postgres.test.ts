import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startPostgres, type PostgresServer } from '@todo/db/testing';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// A real API process on a real PostgreSQL: SIGTERM while chat turns wait inside the server.
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.destroy());

let api: ChildProcess | undefined;
afterEach(() => {
  api?.kill('SIGKILL');
});

async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Starts the API, signs a user up, and blocks every task insert behind a table lock. */
async function startBlocked(name: string) {
  const url = await server.createDatabase(name);
  const port = await freePort();
  api = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      MIGRATE_ON_START: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'todo-api-')),
      AUTH_SECRET: 'shutdown-test-secret-shutdown-test-secret',
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: '30',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = { text: '' };
  api.stdout!.on('data', (d) => (logs.text += d));
  api.stderr!.on('data', (d) => (logs.text += d));
  const base = `http://127.0.0.1:${port}`;
  await eventually(
    () =>
      fetch(`${base}/readyz`)
        .then((r) => r.ok)
        .catch(() => false),
    'the API to start',
  );
  const auth = (path: string, body: object) =>
    fetch(`${base}/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify(body),
    });
  const credentials = { email: `${name}@example.com`, password: 'long enough pw' };
  await auth('sign-up/email', { ...credentials, name });
  const signIn = await auth('sign-in/email', credentials);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const blocker = new pg.Client({ connectionString: url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE tasks IN EXCLUSIVE MODE');
  const waitingOnLock = (n: number) =>
    eventually(async () => {
      const r = await blocker.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'tasks'::regclass AND NOT granted",
      );
      return r.rows[0].n >= n;
    }, 'chat turns to block on the lock');
  // "add …" makes the offline engine create a task (blocked), then store the turn (after).
  const body = (i: number) => JSON.stringify({ message: `add errand number ${i}` });
  const headers = { 'content-type': 'application/json', cookie, origin: 'http://localhost:3000' };
  const chat = (i: number) => fetch(`${base}/api/chat`, { method: 'POST', headers, body: body(i) });
  /** A chat request whose client then hangs up: `hangUp()` destroys its TCP connection. */
  const chatThenHangUp = (i: number) => {
    const req = request(`${base}/api/chat`, { method: 'POST', headers, agent: false });
    req.on('error', () => undefined);
    req.end(body(i));
    return { hangUp: () => req.destroy() };
  };
  const exited = once(api, 'exit');
  return { url, base, blocker, waitingOnLock, chat, chatThenHangUp, logs, exited };
}

async function countRows(url: string, query: string): Promise<number> {
  const check = new pg.Client({ connectionString: url });
  await check.connect();
  const r = await check.query(query);
  await check.end();
  return r.rows[0].n;
}

// Starting the API from source under tsx takes a while on a loaded machine.
describe('shutdown with chat turns in flight', { timeout: 180_000 }, () => {
  it('answers every chat request that is still waiting, then exits 0', async () => {
    const s = await startBlocked('chatwait');
    const n = 8;
    const replies = Array.from({ length: n }, (_, i) =>
      s.chat(i).then(async (r) => ({ status: r.status, body: await r.text() })),
    );
    await s.waitingOnLock(n);
    api!.kill('SIGTERM');
    await s.blocker.query('COMMIT');
    await s.blocker.end();
    const results = await Promise.all(replies);
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(200));
    const [code] = await s.exited;
    expect(code, s.logs.text).toBe(0);
    expect(s.logs.text).not.toMatch(/Cannot use a pool/);
    expect(
      await countRows(s.url, "SELECT count(*)::int AS n FROM messages WHERE role = 'assistant'"),
    ).toBe(n);
  });

  it('lets handlers of clients that hung up finish before the pool closes', async () => {
    const s = await startBlocked('chatgone');
    const n = 6;
    const gone = Array.from({ length: n }, (_, i) => s.chatThenHangUp(i));
    await s.waitingOnLock(n);
    // Every client disconnects (as a load generator does when it stops): no connection is
    // left to keep the server open.
    for (const g of gone) g.hangUp();
    api!.kill('SIGTERM');
    // The listener closes at once (no connection holds it open); only then do handlers go on.
    await eventually(
      () =>
        fetch(`${s.base}/healthz`)
          .then(() => false)
          .catch(() => true),
      'the listener to close',
    );
    await s.blocker.query('COMMIT');
    await s.blocker.end();
    const [code] = await s.exited;
    expect(s.logs.text).not.toMatch(/Cannot use a pool/);
    expect(code, s.logs.text).toBe(0);
    // Each turn was carried through: its task and its two messages are stored.
    expect(await countRows(s.url, 'SELECT count(*)::int AS n FROM tasks')).toBe(n);
    expect(await countRows(s.url, 'SELECT count(*)::int AS n FROM messages')).toBe(2 * n);
  });
});
