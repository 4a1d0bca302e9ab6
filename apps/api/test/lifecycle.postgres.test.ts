import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '@todo/db';
import { freePort, startPostgres, type PostgresServer } from '@todo/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { testConfig } from './helpers';

// Each test here owns a PostgreSQL server, because it stops it or blocks it.
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.destroy());

/**
 * Polls until `check` passes: outages end when the server is back, not after a fixed delay.
 * The deadline only catches a hang; a loaded machine can take many seconds to start a process.
 */
async function eventually(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('readiness follows the database', () => {
  it('goes 503 while PostgreSQL is down and back to 200 when it returns', async () => {
    const url = await server.createDatabase('readiness');
    const database = createDb({ databaseUrl: url, onPoolError: () => undefined });
    await database.migrate();
    const app = await buildApp(testConfig(), { database, logger: false });
    const ready = async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode;
    try {
      expect(await ready()).toBe(200);
      await server.stop();
      const down = await app.inject({ method: 'GET', url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json().error.code).toBe('service_unavailable');
      // A request that needs the database gets a 503 too, never a 500.
      const user = await app.inject({
        method: 'GET',
        url: '/api/tasks',
        headers: { authorization: 'Bearer todo_pat_x' },
      });
      expect(user.statusCode).toBe(503);
      expect(user.json().error.code).toBe('service_unavailable');
      // Liveness does not depend on the database: the pod must not be restarted for it.
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      await server.start();
      await eventually(async () => (await ready()) === 200, 'readiness after restart');
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('graceful shutdown', () => {
  let api: ChildProcess | undefined;
  afterAll(() => {
    api?.kill('SIGKILL');
  });

  it('finishes every in-flight request on SIGTERM, then exits 0', async () => {
    const url = await server.createDatabase('shutdown');
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
        // The grace period must outlast the test's own steps on a slow machine.
        SHUTDOWN_TIMEOUT_MS: '300000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    api.stderr!.on('data', (d) => (stderr += d));
    const base = `http://127.0.0.1:${port}`;
    await eventually(
      () =>
        fetch(`${base}/readyz`)
          .then((r) => r.ok)
          .catch(() => false),
      'the API to start',
    );

    const credentials = { email: 'sig@example.com', password: 'long enough pw' };
    const jsonFromApp = { 'content-type': 'application/json', origin: 'http://localhost:3000' };
    await fetch(`${base}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: jsonFromApp,
      body: JSON.stringify({ ...credentials, name: 'S' }),
    });
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: jsonFromApp,
      body: JSON.stringify(credentials),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');

    // Hold a lock so that every insert waits inside the server, then signal it.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE tasks IN EXCLUSIVE MODE');

    const n = 20;
    const requests = Array.from({ length: n }, (_, i) =>
      fetch(`${base}/api/tasks`, {
        method: 'POST',
        headers: { ...jsonFromApp, cookie },
        body: JSON.stringify({ title: `in flight ${i}` }),
      }).then(async (r) => ({ status: r.status, body: await r.text() })),
    );
    // Wait until every insert is really waiting on the lock inside the server.
    await eventually(async () => {
      // pg_locks, not pg_stat_activity: the latter is a snapshot inside a transaction.
      const r = await blocker.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'tasks'::regclass AND NOT granted",
      );
      return r.rows[0].n >= n;
    }, 'inserts to block');

    const exited = once(api, 'exit');
    api.kill('SIGTERM');
    // New connections are refused once the server stops listening.
    await eventually(
      () =>
        fetch(`${base}/healthz`)
          .then(() => false)
          .catch(() => true),
      'the listener to close',
    );
    await blocker.query('COMMIT');
    await blocker.end();

    const results = await Promise.all(requests);
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
    const [code] = await exited;
    expect(code, stderr).toBe(0);

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const count = await check.query(
      "SELECT count(*)::int AS n FROM tasks WHERE title LIKE 'in flight %'",
    );
    await check.end();
    expect(count.rows[0].n).toBe(n);
  });
});
