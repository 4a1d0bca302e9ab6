/**
 * Load test of the built API on a real PostgreSQL server, on loopback only, against a
 * no-framework baseline (bench/baseline.ts) on the same database. Scenarios run in
 * interleaved repetitions and every figure is the median over them, printed as a ratio to
 * the baseline, so that a machine loaded by other work shifts both sides alike.
 *
 *   pnpm bench                      (builds first; or `pnpm --filter @todo/api bench`)
 *   BENCH_REPS=3 BENCH_DURATION_S=5 repetitions and seconds per scenario run
 *   BENCH_ONLY='list cookie'       only the scenarios whose names contain it (and their references)
 *   BENCH_PROFILE=1                 a CPU profile per scenario (bench-results/<scenario>/)
 *   BENCH_IMAGE=todo-api:<tag>      run the API's image with the chart's memory limit instead
 *   BENCH_NODE_OPTIONS='…'          Node flags instead of the chart's config.nodeOptions
 *   BENCH_API_DIR=…                 bench the build (dist/) in that folder, e.g. of an older commit
 *
 * Exits 1 while a target is missed.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { startPostgres } from '@todo/db/testing';
import { median, runLoad, type LoadResult, type Scenario } from './load';
import {
  apiEnv,
  apiRoot,
  chartSettings,
  startApi,
  startApiImage,
  startBaseline,
  startBaselineImage,
  startWeb,
  type Served,
} from './processes';
import { nowUs, selfTimeByPackage, topSelfTime } from './profile';
import { call, trustedOrigin, user } from './users';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const IMAGE = process.env.BENCH_IMAGE;
const targets = { ratio: 0.7, p99Factor: 2, proxyRatio: 0.5, chatP95Ms: 20, peakRssMb: 150 };

const webServer = path.resolve(apiRoot, '../web/.next/standalone/apps/web/server.js');
// The web server is needed only for the proxy scenario (BENCH_ONLY='chat' runs without it).
const needsWeb = !process.env.BENCH_ONLY || process.env.BENCH_ONLY.includes('web');
for (const [file, build] of [
  [path.join(apiRoot, 'dist/server.js'), '@todo/api'],
  ...(needsWeb ? [[webServer, '@todo/web'] as const] : []),
] as const) {
  if (!existsSync(file)) {
    console.error(
      `${path.relative(apiRoot, file)} not found: run \`pnpm --filter ${build} build\``,
    );
    process.exit(1);
  }
}

/** The figure each scenario is compared with: the baseline, or for the proxy the API direct. */
const referenceOf = (name: string) =>
  name.startsWith('chat')
    ? name
    : name.endsWith('via web')
      ? 'list cookie'
      : `${name.split(' ')[0]} baseline`;

/** BENCH_ONLY=a,b: the scenarios whose names contain a or b, plus what they are compared with. */
function selected(all: Scenario[], only: string | undefined): Scenario[] {
  if (!only) return all;
  const wanted = only.split(',').map((w) => w.trim());
  const names = new Set(
    all.filter((s) => wanted.some((w) => s.name.includes(w))).map((s) => s.name),
  );
  if (names.size === 0) {
    console.error(`BENCH_ONLY=${only} names no scenario (${all.map((s) => s.name).join(', ')})`);
    process.exit(2);
  }
  // References have references (the proxy → the API direct → the baseline).
  for (let size = 0; size !== names.size;) {
    size = names.size;
    for (const n of [...names]) names.add(referenceOf(n));
  }
  return all.filter((s) => names.has(s.name));
}

const chart = chartSettings();
const settings = { ...chart, nodeOptions: process.env.BENCH_NODE_OPTIONS ?? chart.nodeOptions };
const pg = await startPostgres();
const databaseUrl = await pg.createDatabase('bench');
// BENCH_ENV='A=1 B=2': more environment for the API (e.g. allocator settings to compare).
const extraEnv = Object.fromEntries(
  (process.env.BENCH_ENV ?? '')
    .split(' ')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
const env = { ...apiEnv(databaseUrl, trustedOrigin), ...chart.env, ...extraEnv };
const started: Served[] = [];
const serve = async <T extends Served>(s: Promise<T>) => {
  const served = await s;
  started.push(served);
  return served;
};

let failed = false;
try {
  const api = await serve(
    IMAGE ? startApiImage(IMAGE, env, settings) : startApi(env, settings.nodeOptions),
  );
  const lister = await user(api.base, 'list@example.com');
  const creator = await user(api.base, 'create@example.com');
  const chatter = await user(api.base, 'chat@example.com');
  const seed = (who: typeof lister, n: number, title: (i: number) => string) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        call(api.base, '/api/tasks', {
          method: 'POST',
          headers: who.bearer,
          body: JSON.stringify({ title: title(i), tags: ['bench', 'home'], priority: 'medium' }),
        }),
      ),
    );
  await seed(lister, 100, (i) => `seed task ${i}: pick up the parcel at the post office`);
  await seed(chatter, 20, (i) => `errand ${i}`);
  const web = needsWeb ? await serve(startWeb(api.base)) : null;
  const baselineTokens = {
    [lister.bearer.authorization]: lister.id,
    [creator.bearer.authorization]: creator.id,
  };
  const baseline = await serve(
    IMAGE
      ? startBaselineImage(IMAGE, databaseUrl, baselineTokens, settings.memoryLimit)
      : startBaseline(databaseUrl, baselineTokens),
  );
  const peakAfterSetup = api.peakRssMb();
  api.resetPeak();

  const list = (base: string, headers: object): Omit<Scenario, 'name'> => ({
    url: `${base}/api/tasks?limit=100`,
    headers: headers as Record<string, string>,
    connections: 50,
  });
  const create = (base: string, headers: object): Omit<Scenario, 'name'> => ({
    url: `${base}/api/tasks`,
    method: 'POST',
    headers: { ...(headers as Record<string, string>), 'content-type': 'application/json' },
    bodies: [JSON.stringify({ title: 'load test task', priority: 'high', tags: ['bench'] })],
    connections: 50,
  });
  const all: Scenario[] = [
    { name: 'list baseline', ...list(baseline.base, lister.bearer) },
    { name: 'list token', ...list(api.base, lister.bearer) },
    { name: 'list cookie', ...list(api.base, lister.cookie) },
    ...(web ? [{ name: 'list cookie via web', ...list(web.base, lister.cookie) }] : []),
    { name: 'create baseline', ...create(baseline.base, creator.bearer) },
    { name: 'create token', ...create(api.base, creator.bearer) },
    { name: 'create cookie', ...create(api.base, creator.cookie) },
    {
      // A read, a write and a filtered read per connection, with no conversationId (each
      // turn starts a conversation). Every third turn adds a task, so the user's list grows
      // through the run (to thousands of tasks): that is a real user's path too, and the
      // listing reads only what it shows (20) and counts the rest in SQL, so no more rows
      // travel as it grows (bench:chat-cost measures a turn's CPU from a fixed start).
      name: 'chat offline',
      url: `${api.base}/api/chat`,
      method: 'POST',
      headers: { ...chatter.bearer, 'content-type': 'application/json' },
      bodies: ["what's on my list", 'add buy milk tomorrow at 5pm #home', 'show high priority'].map(
        (message) => JSON.stringify({ message }),
      ),
      connections: 10,
    },
  ];
  const scenarios = selected(all, process.env.BENCH_ONLY);

  console.log(
    `${scenarios.length} scenarios × ${REPS} interleaved repetitions × ${DURATION_S}s` +
      ` (API ${IMAGE ? `image ${IMAGE}, memory ${settings.memoryLimit}` : 'dist/server.js'},` +
      ` NODE_OPTIONS='${settings.nodeOptions}'` +
      `${Object.entries({ ...chart.env, ...extraEnv })
        .map(([k, v]) => ` ${k}=${v}`)
        .join('')})`,
  );
  for (const s of scenarios) await runLoad(s, 1); // warm-up: JIT, pools, prepared statements
  // The processes serving a scenario, whose CPU time per request is reported beside req/s.
  const servingOf = (name: string) =>
    name.endsWith('baseline') ? [baseline] : name.endsWith('via web') && web ? [web, api] : [api];
  const cpuMs = (name: string) => servingOf(name).reduce((ms, s) => ms + s.cpuMs(), 0);
  const results = new Map<string, (LoadResult & { cpuUs: number; rep: number; load: number })[]>(
    scenarios.map((s) => [s.name, []]),
  );
  // A scenario and its reference run back to back (one family: list, create, chat), so that
  // each repetition's ratio compares runs seconds apart, under the same load from elsewhere.
  const families = [...new Set(scenarios.map((s) => s.name.split(' ')[0]!))].map((kind) =>
    scenarios.filter((s) => s.name.split(' ')[0] === kind),
  );
  const rotate = <T>(xs: T[], by: number) => xs.map((_, i) => xs[(i + by) % xs.length]!);
  for (let rep = 0; rep < REPS; rep++) {
    // Rotate the order so that no scenario always runs right after the same neighbour.
    for (const s of rotate(families, rep).flatMap((f) => rotate(f, rep))) {
      const cpuBefore = cpuMs(s.name);
      const load = loadavg()[0]!;
      const r = await runLoad(s, DURATION_S);
      const cpuUs = ((cpuMs(s.name) - cpuBefore) * 1000) / r.requests;
      results.get(s.name)!.push({ ...r, cpuUs, rep, load });
    }
    process.stdout.write(
      `repetition ${rep + 1}/${REPS} done (load average ${loadavg()[0]!.toFixed(1)})\n`,
    );
  }
  const peakUnderLoad = api.peakRssMb();
  // Every run's figures, in the order they ran, to see what a median hides.
  mkdirSync(path.join(apiRoot, 'bench-results'), { recursive: true });
  writeFileSync(
    path.join(apiRoot, 'bench-results/runs.json'),
    JSON.stringify(Object.fromEntries(results), null, 1),
  );

  const m = (name: string) => {
    const runs = results.get(name)!;
    // Ratios are the median of each repetition's own ratio, not a ratio of medians: a
    // repetition slowed by other work on the machine slows both of its runs.
    const refRuns = results.get(referenceOf(name))!;
    const ratio = (pick: (r: LoadResult) => number) =>
      median(runs.map((r, i) => pick(r) / pick(refRuns[i]!)));
    return {
      rps: median(runs.map((r) => r.rps)),
      p95: median(runs.map((r) => r.p95)),
      p99: median(runs.map((r) => r.p99)),
      rpsRatio: ratio((r) => r.rps),
      p99Ratio: ratio((r) => r.p99),
      cpuUs: median(runs.map((r) => r.cpuUs)),
      errors: runs.reduce((n, r) => n + r.errors, 0),
    };
  };
  const failures: string[] = [];
  const rows = scenarios.map((s) => {
    const r = m(s.name);
    const kind = s.name.split(' ')[0]!;
    const row = {
      scenario: s.name,
      'req/s': Math.round(r.rps),
      'p95 ms': Number(r.p95.toFixed(1)),
      'p99 ms': Number(r.p99.toFixed(1)),
      'ratio req/s': kind === 'chat' ? '' : r.rpsRatio.toFixed(2),
      'ratio p99': kind === 'chat' ? '' : r.p99Ratio.toFixed(2),
      'CPU µs/req': Math.round(r.cpuUs),
      errors: r.errors,
    };
    if (r.errors > 0) failures.push(`${s.name}: ${r.errors} errors`);
    if (s.name.endsWith('via web')) {
      if (r.rpsRatio < targets.proxyRatio)
        failures.push(
          `${s.name} at ${row['ratio req/s']}× the API direct (< ${targets.proxyRatio})`,
        );
    } else if (kind === 'chat') {
      if (r.p95 >= targets.chatP95Ms)
        failures.push(`chat p95 ${r.p95.toFixed(1)} ms (≥ ${targets.chatP95Ms} ms)`);
    } else if (!s.name.endsWith('baseline')) {
      if (r.rpsRatio < targets.ratio)
        failures.push(`${s.name} at ${row['ratio req/s']}× the baseline (< ${targets.ratio})`);
      if (r.p99Ratio > targets.p99Factor)
        failures.push(`${s.name} p99 ${row['ratio p99']}× the baseline's (> ${targets.p99Factor})`);
    }
    return row;
  });
  console.table(rows);
  console.log(
    `API peak RSS under load ${peakUnderLoad.toFixed(1)} MB, during setup (sign-ups, seeding)` +
      ` ${peakAfterSetup.toFixed(1)} MB; baseline ${baseline.peakRssMb().toFixed(1)} MB`,
  );
  if (peakUnderLoad >= targets.peakRssMb)
    failures.push(`peak RSS ${peakUnderLoad.toFixed(1)} MB (≥ ${targets.peakRssMb} MB)`);

  if (process.env.BENCH_PROFILE && !IMAGE) {
    // One fresh, profiled API per scenario on the same database: a profile holds one workload.
    for (const s of scenarios) {
      const dir = path.join(apiRoot, 'bench-results', s.name.replaceAll(' ', '-'));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const profiled = s.name.endsWith('baseline')
        ? await startBaseline(databaseUrl, baselineTokens, dir)
        : await startApi(env, settings.nodeOptions, dir);
      const profiledWeb = s.name.endsWith('via web') ? await startWeb(profiled.base) : null;
      const target = new URL(s.url);
      const origin = new URL((profiledWeb ?? profiled).base);
      target.host = origin.host;
      const profiledScenario = { ...s, url: target.toString() };
      await runLoad(profiledScenario, 1); // warm-up, as in the measured runs
      const window = { fromUs: nowUs(), toUs: 0 };
      await runLoad(profiledScenario, DURATION_S);
      window.toUs = nowUs();
      await profiledWeb?.stop();
      await profiled.stop();
      console.log(
        `\nCPU profile of ${s.name} (server process, the ${DURATION_S} s of load), top self time → ${dir}`,
      );
      const dist = path.join(process.env.BENCH_API_DIR ?? apiRoot, 'dist');
      const packages = selfTimeByPackage(dir, dist, window);
      console.log(
        `by package: ${packages.map((p) => `${p.name} ${p.selfPercent.toFixed(1)}%`).join(', ')}`,
      );
      console.table(
        topSelfTime(dir, dist, window).map((f) => ({
          function: f.name,
          where: f.where,
          'self %': f.selfPercent.toFixed(1),
        })),
      );
    }
  }

  if (failures.length) {
    failed = true;
    console.error(`targets missed:\n  ${failures.join('\n  ')}`);
  } else {
    console.log(
      `all targets met: ≥ ${targets.ratio}× the baseline, p99 ≤ ${targets.p99Factor}× its p99, ` +
        `proxy ≥ ${targets.proxyRatio}× direct, chat p95 < ${targets.chatP95Ms} ms, ` +
        `peak RSS < ${targets.peakRssMb} MB, zero errors`,
    );
  }
} finally {
  for (const s of started.reverse()) await s.stop();
  await pg.destroy();
}
process.exitCode = failed ? 1 : 0;
