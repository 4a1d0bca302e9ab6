/**
 * Issue 18, finding 4: one chat message must not freeze the server. A user with 1,000 tasks of
 * long titles sends the heaviest messages the body limit allows, one at a time and five at
 * once, while /healthz is polled every 10 ms. Built API on a real PostgreSQL, loopback only.
 *
 *   pnpm --filter @todo/api bench:flood    (after `pnpm --filter @todo/api build`)
 *
 * Targets: every chat answer < 100 ms (sequential), /healthz p99 < 50 ms meanwhile. Exits 1
 * while one is missed. Timing depends on the machine: the load average is printed with it.
 */
import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { CHAT_MESSAGE_MAX, TASK_TITLE_MAX } from '@todo/contracts';
import { startPostgres } from '@todo/db/testing';
import { median, percentile } from './load';
import { apiEnv, apiRoot, chartSettings, startApi } from './processes';
import { topSelfTime } from './profile';
import { trustedOrigin as origin, user } from './users';

const targets = { chatMs: 100, healthP99Ms: 50 };
if (!existsSync(path.join(apiRoot, 'dist/server.js'))) {
  console.error('dist/server.js not found: run `pnpm --filter @todo/api build`');
  process.exit(1);
}

const words = 'car cat call clean cook code copy cut cup coffee card cart cash chair'.split(' ');
const pick = (i: number) => words[(i * 7 + 3) % words.length]!;
const fill = (head: string, unit: (i: number) => string) => {
  let s = head;
  for (let i = 0; s.length + unit(i).length <= CHAT_MESSAGE_MAX; i++) s += unit(i);
  return s;
};
/** The heaviest messages within the limit: long word runs the matcher has to consider. */
const messages: Record<string, string> = {
  'delete + "c " × n': fill('delete ', () => 'c '),
  'complete + title words': fill('complete ', (i) => `${pick(i)} `),
  'move … to tomorrow': fill('move ', (i) => `${pick(i)} `).slice(0, -20) + ' to tomorrow',
  'one 4,000-char word': 'x'.repeat(CHAT_MESSAGE_MAX),
  'what about + words': fill('anything about ', (i) => `${pick(i)} `),
  'remove tag from + words': fill('remove the home tag from ', (i) => `${pick(i)} `),
};

const pg = await startPostgres();
// BENCH_PROFILE=1: a CPU profile of the API (bench-results/flood/) and its top self-time.
const profileDir = process.env.BENCH_PROFILE
  ? path.join(apiRoot, 'bench-results/flood')
  : undefined;
if (profileDir) rmSync(profileDir, { recursive: true, force: true });
const api = await startApi(
  apiEnv(await pg.createDatabase('flood'), origin),
  chartSettings().nodeOptions,
  profileDir,
);
let failed = false;
try {
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api.base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...headers },
      body: JSON.stringify(body),
    });
    return { res, text: await res.text() };
  };
  const { cookie } = (await user(api.base, 'flood@example.com')).cookie;
  const title = (n: number) => {
    let t = `task ${n}`;
    for (let i = n; t.length + 8 < TASK_TITLE_MAX; i++) t += ` ${pick(i)}`;
    return t;
  };
  for (let start = 0; start < 1000; start += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post('/api/tasks', { title: title(start + i), tags: ['home'] }, { cookie }),
      ),
    );
  }

  // /healthz every 10 ms for as long as the chat runs.
  const health: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t0 = performance.now();
      await fetch(`${api.base}/healthz`).then((r) => r.arrayBuffer());
      health.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const chat = async (message: string) => {
    const t0 = performance.now();
    const { res } = await post('/api/chat', { message }, { cookie });
    return { ms: performance.now() - t0, status: res.status };
  };

  const rows: Record<string, string | number>[] = [];
  for (const [name, message] of Object.entries(messages)) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await chat(message));
    const worst = Math.max(...runs.map((r) => r.ms));
    rows.push({
      message: name,
      chars: message.length,
      status: runs.map((r) => r.status).join(','),
      'median ms': median(runs.map((r) => r.ms)).toFixed(1),
      'worst ms': worst.toFixed(1),
    });
    if (worst >= targets.chatMs) failed = true;
  }
  const t0 = performance.now();
  const parallel = await Promise.all(
    Array.from({ length: 5 }, () => chat(messages['delete + "c " × n']!)),
  );
  const parallelMs = performance.now() - t0;
  polling = false;
  await poller;

  health.sort((a, b) => a - b);
  const p99 = percentile(health, 99);
  console.table(rows);
  console.log(
    `5 in parallel: all answered in ${parallelMs.toFixed(0)} ms (statuses ${parallel
      .map((r) => r.status)
      .join(',')}); /healthz p99 ${p99.toFixed(1)} ms, max ${health.at(-1)!.toFixed(1)} ms` +
      ` over ${health.length} polls; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  if (p99 >= targets.healthP99Ms) failed = true;
  if (failed) console.log(`targets missed (chat < ${targets.chatMs} ms, /healthz p99 < 50 ms)`);
} finally {
  await api.stop();
  await pg.destroy();
}
if (profileDir) console.table(topSelfTime(profileDir, path.join(apiRoot, 'dist')));
process.exit(failed ? 1 : 0);
