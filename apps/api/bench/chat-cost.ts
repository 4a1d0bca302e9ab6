/**
 * What one offline chat turn costs, in CPU milliseconds of the API, of PostgreSQL and of the
 * load generator, and its latency at several connection counts: the figures that say whether
 * `pnpm bench`'s chat target (p95 < 20 ms at 10 connections) fits this machine. CPU time per
 * turn moves far less than latency when other work loads the machine; the load average is
 * printed with every row. The bench's chat scenario (run.ts): the same user, messages and seed.
 *
 *   pnpm --filter @todo/api bench:chat-cost      (after `pnpm --filter @todo/api build`)
 *   CHAT_CONNECTIONS=1,10   CHAT_DURATION_S=5   CHAT_REPS=2
 *   CHAT_COMPARE=<dir>      also another build (<dir>/dist, e.g. of an older commit), interleaved
 *   CHAT_SEED_TASKS=5000    start the user with that many tasks instead of 20 (the rest written
 *                           in SQL): what a turn costs for a user with a long list
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { startPostgres } from '@todo/db/testing';
import pgClient from 'pg';
import { median, runLoad, type LoadResult } from './load';
import { apiEnv, apiRoot, chartSettings, startApi } from './processes';
import { call, trustedOrigin, user } from './users';

const CONNECTIONS = (process.env.CHAT_CONNECTIONS ?? '1,10').split(',').map(Number);
const DURATION_S = Number(process.env.CHAT_DURATION_S ?? 5);
const REPS = Number(process.env.CHAT_REPS ?? 2);
const SEED_TASKS = Number(process.env.CHAT_SEED_TASKS ?? 20);
const builds: [string, string][] = [['this build', apiRoot]];
if (process.env.CHAT_COMPARE) builds.push(['compared', path.resolve(process.env.CHAT_COMPARE)]);
for (const [, dir] of builds) {
  if (!existsSync(path.join(dir, 'dist/server.js'))) {
    console.error(`${dir}/dist/server.js not found: build it first`);
    process.exit(1);
  }
}
const messages = ["what's on my list", 'add buy milk tomorrow at 5pm #home', 'show high priority'];

const TICK_MS = 10; // Linux's USER_HZ is 100: /proc times are in 10 ms ticks.
/** User + system CPU of a process, in ms, or 0 when it has gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}
/** The postmaster listening on `port` and its children (backends, background workers). */
function postgresPids(port: number): number[] {
  const procs = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const parent = new Map<number, number>();
  let postmaster = 0;
  for (const p of procs) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (/postgres$/.test(cmd[0] ?? '') && cmd.includes(String(port))) postmaster = Number(p);
    } catch {
      // gone meanwhile
    }
  }
  return [postmaster, ...[...parent].filter(([, pp]) => pp === postmaster).map(([p]) => p)];
}

interface Row {
  build: string;
  connections: number;
  result: LoadResult;
  apiMs: number;
  pgMs: number;
  loadMs: number;
  load1: number;
}

const pg = await startPostgres();
const rows: Row[] = [];
try {
  for (let rep = 0; rep < REPS; rep++) {
    // Alternate which build goes first: neither always runs on the warmer machine.
    const order = rep % 2 ? [...builds].reverse() : builds;
    for (const [build, dir] of order) {
      // A fresh database per run: every run starts from the same 20 tasks.
      const url = await pg.createDatabase(`cost_${rep}_${build.replace(/\W/g, '_')}`);
      process.env.BENCH_API_DIR = dir;
      const api = await startApi(apiEnv(url, trustedOrigin), chartSettings().nodeOptions);
      delete process.env.BENCH_API_DIR;
      try {
        const me = await user(api.base, 'chat@example.com');
        const bearer = me.bearer.authorization;
        for (let i = 0; i < 20; i++) {
          await call(api.base, '/api/tasks', {
            method: 'POST',
            headers: { authorization: bearer },
            body: JSON.stringify({ title: `errand ${i}`, tags: ['bench', 'home'] }),
          });
        }
        if (SEED_TASKS > 20) {
          // The rest in one statement, as the bench's adds make them ("Buy milk" #home).
          const db = new pgClient.Client({ connectionString: url });
          await db.connect();
          try {
            await db.query(
              `WITH n AS (UPDATE task_counters SET last = last + $2 WHERE user_id = $1 RETURNING last)
               INSERT INTO tasks (user_id, number, title, tags, due_at, created_at)
               SELECT $1, (SELECT last FROM n) - $2 + g, 'Buy milk', ARRAY['home'],
                 now() + interval '1 day', now() - ($2 - g) * interval '1 ms'
               FROM generate_series(1, $2) AS g`,
              [me.id, SEED_TASKS - 20],
            );
            await db.query('VACUUM ANALYZE tasks');
          } finally {
            await db.end();
          }
        }
        const pgPids = postgresPids(pg.port);
        for (const connections of CONNECTIONS) {
          const scenario = {
            name: 'chat offline',
            url: `${api.base}/api/chat`,
            method: 'POST' as const,
            headers: { authorization: bearer, 'content-type': 'application/json' },
            bodies: messages.map((message) => JSON.stringify({ message })),
            connections,
          };
          await runLoad(scenario, 1); // warm-up
          const livePg = postgresPids(pg.port).concat(pgPids);
          const pids = [...new Set(livePg)];
          const before = {
            api: cpuMs(api.child.pid!),
            pg: pids.reduce((n, p) => n + cpuMs(p), 0),
            load: process.cpuUsage(),
          };
          const result = await runLoad(scenario, DURATION_S);
          const load = process.cpuUsage(before.load);
          const turns = result.requests;
          rows.push({
            build,
            connections,
            result,
            apiMs: (cpuMs(api.child.pid!) - before.api) / turns,
            // Backends started during the run (the pool replaces idle connections) count too:
            // their CPU before the run was nothing.
            pgMs:
              ([...new Set(pids.concat(postgresPids(pg.port)))].reduce((n, p) => n + cpuMs(p), 0) -
                before.pg) /
              turns,
            loadMs: (load.user + load.system) / 1000 / turns,
            load1: loadavg()[0]!,
          });
          const r = rows.at(-1)!;
          console.log(
            `${build}, ${connections} conn: ${Math.round(result.rps)} turns/s, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, CPU per turn: API ${r.apiMs.toFixed(2)} ms, PostgreSQL ${r.pgMs.toFixed(2)} ms, load generator ${r.loadMs.toFixed(2)} ms (load average ${r.load1.toFixed(2)})`,
          );
        }
      } finally {
        await api.stop();
      }
    }
  }
  const summary = builds.flatMap(([build]) =>
    CONNECTIONS.map((connections) => {
      const runs = rows.filter((r) => r.build === build && r.connections === connections);
      const med = (f: (r: Row) => number) => median(runs.map(f));
      return {
        build,
        connections,
        'turns/s': Math.round(med((r) => r.result.rps)),
        'p50 ms': Number(med((r) => r.result.p50).toFixed(1)),
        'p95 ms': Number(med((r) => r.result.p95).toFixed(1)),
        'API ms/turn': Number(med((r) => r.apiMs).toFixed(2)),
        'PG ms/turn': Number(med((r) => r.pgMs).toFixed(2)),
        'loadgen ms/turn': Number(med((r) => r.loadMs).toFixed(2)),
        'load avg': Number(med((r) => r.load1).toFixed(2)),
      };
    }),
  );
  console.log(
    `medians of ${REPS} runs × ${DURATION_S} s each, the user starting with ${SEED_TASKS} tasks (messages: ${messages.join(' | ')})`,
  );
  console.table(summary);
} finally {
  await pg.destroy();
}
