import { startPostgres, type PostgresServer } from '@todo/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, fromApp, startApiProcess, signUpAndIn, type ApiProcess } from '../api-process';

// Finding 3 of issue 18: the API process died ("Unhandled 'error' event … 57P01") when
// PostgreSQL went away during chat traffic, because a client checked out of the pool for a
// transaction had no error listener. Here PostgreSQL is killed (immediate shutdown, as in a
// crash) under mixed load, REST and chat, against the API as a real process.

let server: PostgresServer;
let api: ApiProcess | undefined;
let exitCode: number | null = null;
beforeAll(async () => {
  // Durable commits: an acknowledged write must survive the crash of the server.
  server = await startPostgres({ durableCommits: true });
});
afterAll(async () => {
  api?.child.kill('SIGKILL');
  await server?.destroy();
});

interface Outcome {
  status: number;
  retryAfter: string | null;
  /** The id and title of a task the API said it stored. */
  acknowledged?: { id: number; title: string };
}

describe('PostgreSQL killed under mixed load', () => {
  it('keeps the API up, answers 503 with retry-after, recovers and loses no acknowledged write', async () => {
    const url = await server.createDatabase('fault');
    api = await startApiProcess(url, { RATE_LIMIT_MAX: '1000000' });
    api.child.on('exit', (code) => (exitCode = code ?? -1));
    const { base, logs } = api;
    const cookie = await signUpAndIn(base, 'fault');
    const headers = { ...fromApp, cookie };

    let n = 0;
    const call = async (kind: string): Promise<Outcome> => {
      const i = n++;
      let res: Response;
      if (kind === 'create') {
        const title = `rest ${i}`;
        res = await fetch(`${base}/api/tasks`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ title }),
        });
        const body = res.status === 201 ? ((await res.json()) as { id: number }) : null;
        if (!body) await res.text();
        return {
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          ...(body ? { acknowledged: { id: body.id, title } } : {}),
        };
      }
      if (kind === 'chat') {
        const title = `chat ${i}`;
        res = await fetch(`${base}/api/chat`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ message: `add ${title}` }),
        });
        const body =
          res.status === 200
            ? ((await res.json()) as { toolCalls: { name: string; result: { id?: number } }[] })
            : null;
        if (!body) await res.text();
        const added = body?.toolCalls.find((c) => c.name === 'add_task')?.result.id;
        return {
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          ...(added ? { acknowledged: { id: added, title } } : {}),
        };
      }
      res = await fetch(`${base}/api/tasks?limit=20`, { headers });
      await res.text();
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    };

    const outcomes: Outcome[] = [];
    let stopping = false;
    const worker = async (kinds: string[]) => {
      for (let k = 0; !stopping && exitCode === null; k++) {
        const outcome = await call(kinds[k % kinds.length]!).catch(
          () => ({ status: 0, retryAfter: null }) as Outcome,
        );
        outcomes.push(outcome);
      }
    };
    // Mostly chat: each turn ends in a transaction, whose client is checked out of the pool.
    const workers = [
      ...Array.from({ length: 8 }, () => worker(['chat'])),
      worker(['create', 'list']),
      worker(['chat', 'create']),
      worker(['create']),
    ];

    // Load first, then the crash, then the server comes back while the load goes on; twice.
    const downMs: number[] = [];
    const recoveryMs: number[] = [];
    for (let round = 0; round < 2 && exitCode === null; round++) {
      const acked = outcomes.filter((o) => o.acknowledged).length;
      await eventually(
        async () => outcomes.filter((o) => o.acknowledged).length >= acked + 20,
        'load',
      );
      const before = outcomes.length;
      await server.kill();
      const killedAt = performance.now();
      await eventually(
        async () =>
          exitCode !== null || outcomes.slice(before).filter((o) => o.status === 503).length >= 5,
        'answers while the database is down',
      );
      await server.start();
      const restartedAt = performance.now();
      const afterRestart = outcomes.length;
      await eventually(
        async () =>
          exitCode !== null ||
          outcomes.slice(afterRestart).filter((o) => o.acknowledged).length >= 10,
        'writes to succeed again',
      );
      downMs.push(Math.round(restartedAt - killedAt));
      recoveryMs.push(Math.round(performance.now() - restartedAt));
    }
    stopping = true;
    await Promise.all(workers);

    const acknowledged = outcomes.flatMap((o) => (o.acknowledged ? [o.acknowledged] : []));
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const stored = new Map(
      // The API's task id is the user's task number (one user here).
      (
        await check.query<{ id: number; title: string }>('SELECT number AS id, title FROM tasks')
      ).rows.map((r) => [r.id, r.title]),
    );
    await check.end();
    // The chat engine writes titles in sentence case ("Chat 12").
    const lost = acknowledged.filter((a) => stored.get(a.id)?.toLowerCase() !== a.title);
    const unavailable = outcomes.filter((o) => o.status === 503);
    const figures = {
      requests: outcomes.length,
      acknowledgedWrites: acknowledged.length,
      lostWrites: lost.length,
      answers503: unavailable.length,
      answers503WithoutRetryAfter: unavailable.filter((o) => !o.retryAfter).length,
      otherFailures: outcomes.filter((o) => o.status >= 500 && o.status !== 503).length,
      connectionFailures: outcomes.filter((o) => o.status === 0).length,
      downMs,
      recoveryMs,
    };
    console.log(`fault: ${JSON.stringify(figures)}`);
    if (lost.length) console.log(`lost: ${JSON.stringify(lost.slice(0, 5))}`);

    expect(exitCode, logs.text).toBeNull();
    expect(figures.lostWrites).toBe(0);
    expect(figures.answers503).toBeGreaterThan(0);
    expect(figures.answers503WithoutRetryAfter).toBe(0);
    const failures = logs.text.split('\n').filter((l) => l.includes('"level":50'));
    expect(figures.otherFailures, failures.slice(0, 3).join('\n')).toBe(0);
    expect(figures.connectionFailures).toBe(0);
    expect(logs.text).not.toMatch(/Unhandled 'error' event/);
  }, 180_000);
});
