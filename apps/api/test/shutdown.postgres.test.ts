import { request } from 'node:http';
import { startPostgres, type PostgresServer } from '@todo/db/testing';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  eventually,
  startApiProcess,
  signUpAndIn,
  type ApiProcess,
} from './api-process';

// A real API process on a real PostgreSQL: SIGTERM while chat turns wait inside the server.
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.destroy());

let api: ApiProcess | undefined;
afterEach(() => {
  api?.child.kill('SIGKILL');
});

/** Starts the API, signs a user up, and blocks every task insert behind a table lock. */
async function startBlocked(name: string) {
  const url = await server.createDatabase(name);
  api = await startApiProcess(url, { DB_POOL_MAX: '30' });
  const { base, logs, exited } = api;
  const cookie = await signUpAndIn(base, name);
  const blocker = new pg.Client({ connectionString: url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE tasks IN EXCLUSIVE MODE');
  const waitingOnLock = (n: number) =>
    eventually(async () => {
      // A turn's writes are one transaction (routes/chat/turn-unit.ts): the first turn of the
      // user waits on the table, the others on its lock of the user's task counter.
      const r = await blocker.query('SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted');
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
  return { url, base, blocker, waitingOnLock, chat, chatThenHangUp, logs, exited };
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
    api!.child.kill('SIGTERM');
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
    api!.child.kill('SIGTERM');
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
