/**
 * Load test of the built API (dist/server.js) on a real PostgreSQL server, on loopback only.
 * Bounded: each scenario runs for a fixed number of seconds, then everything is stopped.
 *
 *   pnpm --filter @todo/api bench        (or `pnpm bench` at the root, which builds first)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startPostgres } from '@todo/db/testing';
import autocannon from 'autocannon';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;
const CHAT_CONNECTIONS = 10;
const targets = { listP99Ms: 25, peakRssMb: 150, chatP95Ms: 50 };

const root = path.resolve(import.meta.dirname, '..');
if (!existsSync(path.join(root, 'dist/server.js'))) {
  console.error('dist/server.js not found: run `pnpm --filter @todo/api build` first');
  process.exit(1);
}

const pg = await startPostgres();
const databaseUrl = await pg.createDatabase('bench');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// BENCH_PROFILE=1 writes a V8 CPU profile of the server to bench-results/ for inspection.
const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench-results'] : [];
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const server = spawn(process.execPath, [...profile, ...nodeFlags, 'dist/server.js'], {
  cwd: root,
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: 'true',
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '1000000',
    AUTH_RATE_LIMIT_MAX: '1000000',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

/** Peak resident set size of the server so far (Linux: the kernel's high-water mark). */
function peakRssMb(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function waitForReady() {
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${base}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the API did not become ready');
}

async function json(url: string, init: RequestInit & { headers?: Record<string, string> }) {
  const res = await fetch(`${base}${url}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost:3000',
      ...init.headers,
    },
  });
  if (!res.ok) throw new Error(`${init.method} ${url}: ${res.status} ${await res.text()}`);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

/** Signs a user up and returns the Authorization header of a new personal token. */
async function userWithToken(email: string) {
  await json('/api/auth/sign-up/email', {
    method: 'POST',
    body: JSON.stringify({ email, password: 'bench password', name: 'Bench' }),
  });
  // Sign-up signs nobody in (it must not reveal which emails exist).
  const { res } = await json('/api/auth/sign-in/email', {
    method: 'POST',
    body: JSON.stringify({ email, password: 'bench password' }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { body } = await json('/api/tokens', { method: 'POST', headers: { cookie }, body: '{}' });
  return { authorization: `Bearer ${body.token as string}` };
}

function run(
  title: string,
  options: autocannon.Options,
  connections = CONNECTIONS,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ connections, duration: DURATION_S, ...options }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    process.stdout.write(`running ${title} for ${DURATION_S}s at ${connections} connections…\n`);
  });
}

try {
  await waitForReady();
  const auth = await userWithToken('bench@example.com');
  for (let i = 0; i < 100; i++) {
    await json('/api/tasks', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: `seed task ${i}`, tags: ['bench'], priority: 'medium' }),
    });
  }
  const idleRss = peakRssMb();

  const list = await run('GET /api/tasks?limit=100', {
    url: `${base}/api/tasks?limit=100`,
    headers: auth,
  });
  const create = await run('POST /api/tasks', {
    url: `${base}/api/tasks`,
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'load test task', priority: 'high', tags: ['bench'] }),
  });
  // Chat through the offline engine, for a user with a realistic list (20 tasks).
  const chatAuth = await userWithToken('chat@example.com');
  for (let i = 0; i < 20; i++) {
    await json('/api/tasks', {
      method: 'POST',
      headers: chatAuth,
      body: JSON.stringify({ title: `errand ${i}`, priority: i % 3 ? 'medium' : 'high' }),
    });
  }
  const messages = [
    "what's on my list",
    'add buy milk tomorrow at 5pm #home',
    'show high priority',
  ];
  const chat = await run(
    'POST /api/chat (offline engine)',
    {
      url: `${base}/api/chat`,
      method: 'POST',
      headers: { ...chatAuth, 'content-type': 'application/json' },
      requests: messages.map((message) => ({ body: JSON.stringify({ message }) })),
    },
    CHAT_CONNECTIONS,
  );
  const peak = peakRssMb();

  const row = (name: string, r: autocannon.Result) => ({
    scenario: name,
    'req/s': Math.round(r.requests.average),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts + r.non2xx,
  });
  console.table([
    row('GET /api/tasks (100 items)', list),
    row('POST /api/tasks', create),
    { ...row('POST /api/chat (10 conns)', chat), 'p97.5 ms': chat.latency.p97_5 },
  ]);
  console.log(`peak RSS ${peak.toFixed(1)} MB (after seeding: ${idleRss.toFixed(1)} MB)`);

  const failures = [
    list.latency.p99 >= targets.listP99Ms &&
      `list p99 ${list.latency.p99} ms ≥ ${targets.listP99Ms} ms`,
    peak >= targets.peakRssMb && `peak RSS ${peak.toFixed(1)} MB ≥ ${targets.peakRssMb} MB`,
    // autocannon reports p97.5, not p95: holding p97.5 under the target holds p95 under it too.
    chat.latency.p97_5 >= targets.chatP95Ms &&
      `chat p97.5 ${chat.latency.p97_5} ms ≥ ${targets.chatP95Ms} ms`,
    ...[list, create, chat].map(
      (r, i) =>
        r.errors + r.timeouts + r.non2xx > 0 &&
        `${['list', 'create', 'chat'][i]}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`,
    ),
  ].filter(Boolean);
  if (failures.length) {
    console.error(`targets missed: ${failures.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      'all targets met: list p99 < 25 ms, chat p95 < 50 ms, peak RSS < 150 MB, zero errors',
    );
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await pg.destroy();
}
