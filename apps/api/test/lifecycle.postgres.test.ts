import { createDb } from '@todo/db';
import { startPostgres, type PostgresServer } from '@todo/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import {
  countRows,
  eventually,
  fromApp,
  startApiProcess,
  signUpAndIn,
  type ApiProcess,
} from './api-process';
import { testConfig } from './helpers';

// Each test here owns a PostgreSQL server, because it stops it or blocks it.
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.destroy());

describe('readiness follows the database', () => {
  it('goes 503 while PostgreSQL is down and back to 200 when it returns', async () => {
    const url = await server.createDatabase('readiness');
    const database = await createDb({ databaseUrl: url, onPoolError: () => undefined });
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
  let api: ApiProcess | undefined;
  afterAll(() => {
    api?.child.kill('SIGKILL');
  });

  it('finishes every in-flight request on SIGTERM, then exits 0', async () => {
    const url = await server.createDatabase('shutdown');
    api = await startApiProcess(url, {
      DB_POOL_MAX: '30',
      // The grace period must outlast the test's own steps on a slow machine.
      SHUTDOWN_TIMEOUT_MS: '300000',
    });
    const { base } = api;
    const cookie = await signUpAndIn(base, 'sig');

    // Hold a lock so that every insert waits inside the server, then signal it.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE tasks IN EXCLUSIVE MODE');

    const n = 20;
    const requests = Array.from({ length: n }, (_, i) =>
      fetch(`${base}/api/tasks`, {
        method: 'POST',
        headers: { ...fromApp, cookie },
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

    api.child.kill('SIGTERM');
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
    const [code] = await api.exited;
    expect(code, api.logs.text).toBe(0);
    expect(
      await countRows(url, "SELECT count(*)::int AS n FROM tasks WHERE title LIKE 'in flight %'"),
    ).toBe(n);
  });
});
