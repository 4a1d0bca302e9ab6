import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppUser } from './app-client';
import { CheckFailure, expect, sleep, until, type Check, type Ctx } from './harness';
import { APP_NAMESPACES, RELEASES, allReady, appPods, nodeIn, podLine, throwawayPod } from './kube';

/** `pnpm turbo deploy` as a user runs it; returns its output and the deploy script's own time. */
export async function turboDeploy(ctx: Ctx, env: Record<string, string> = {}) {
  const t = performance.now();
  const out = await ctx.must('pnpm', ['turbo', 'deploy', '--output-logs=new-only'], { env });
  const m = /deployed in ([\d.]+)s/.exec(out);
  return { out, seconds: (performance.now() - t) / 1000, deploySeconds: m ? Number(m[1]) : NaN };
}

/** A one-line change to the API's source, undone by the returned function. */
export function touchApi(ctx: Ctx, marker: string): () => void {
  const file = path.join(ctx.repoRoot, 'apps/api/src/server.ts');
  const before = readFileSync(file, 'utf8');
  writeFileSync(file, `${before}// e2e:cluster change ${marker}\n`);
  return () => writeFileSync(file, before);
}

const deployFromNothing: Check = {
  n: 1,
  name: 'pnpm turbo deploy from nothing: releases deployed, pods Ready, restricted enforced',
  async run(ctx) {
    // From nothing: no namespaces, so no releases, volumes or kept secrets either.
    await ctx.k([
      'delete',
      'namespace',
      ...APP_NAMESPACES,
      '--ignore-not-found',
      '--wait=true',
      '--timeout=300s',
    ]);
    const d = await turboDeploy(ctx);
    const list = JSON.parse(await ctx.must(ctx.helm, ['list', '-A', '-o', 'json'])) as {
      name: string;
      namespace: string;
      status: string;
    }[];
    for (const r of RELEASES) {
      const found = list.find((l) => l.name === r.name && l.namespace === r.ns);
      expect(
        found?.status === 'deployed',
        `release ${r.name} in ${r.ns}: ${found?.status ?? 'missing'}`,
      );
    }
    const pods = await allReady(ctx);
    for (const ns of APP_NAMESPACES) {
      const labels = JSON.parse(
        await ctx.k(['get', 'ns', ns, '-o', 'jsonpath={.metadata.labels}']),
      );
      expect(
        labels['pod-security.kubernetes.io/enforce'] === 'restricted',
        `${ns} lacks enforce=restricted`,
      );
      // The API server itself refuses a privileged pod there.
      const r = await ctx.sh(ctx.kubectl, [
        'run', 'e2e-privileged', '-n', ns, `--image=${ctx.busybox}`, '--privileged', '--dry-run=server', '--restart=Never',
      ]); // prettier-ignore
      expect(
        r.exitCode !== 0 && /violates PodSecurity "restricted/.test(r.stderr),
        `a privileged pod in ${ns} was not denied by Pod Security: ${(r.stderr || r.stdout).trim()}`,
      );
    }
    return `${pods.length} pods Ready; turbo deploy ${d.seconds.toFixed(0)} s`;
  },
};

const helmTests: Check = {
  n: 2,
  name: 'helm test passes for all three charts with NetworkPolicies enforced',
  async run(ctx) {
    const done: string[] = [];
    for (const r of RELEASES) {
      const pols = await ctx.k(['get', 'networkpolicy', '-n', r.ns, '-o', 'name']);
      expect(
        pols.includes(`networkpolicy.networking.k8s.io/${r.name}`),
        `no NetworkPolicy ${r.name} in ${r.ns}`,
      );
      const t = await ctx.sh(ctx.helm, ['test', r.name, '-n', r.ns, '--timeout', '180s', '--logs']);
      if (t.exitCode !== 0) {
        throw new CheckFailure(
          `helm test ${r.name} (-n ${r.ns}) failed:\n${`${t.stdout}\n${t.stderr}`.trim().split('\n').slice(-6).join('\n')}`,
        );
      }
      done.push(r.name);
    }
    return done.join(', ');
  },
};

async function portFree(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) });
    return false;
  } catch {
    return true;
  }
}

const smokeTest: Check = {
  n: 3,
  name: 'pnpm turbo smoke-test with nothing else running (its own port-forward)',
  async run(ctx) {
    expect(await portFree(ctx.port), `something already listens on 127.0.0.1:${ctx.port}`);
    const out = await ctx.must('pnpm', ['turbo', 'smoke-test', '--output-logs=new-only']);
    expect(/smoke test passed/.test(out), `smoke test did not say it passed:\n${out.slice(-800)}`);
    expect(await portFree(ctx.port), `the smoke test left its port-forward on ${ctx.port} running`);
    const steps = out.match(/PASS /g)?.length ?? 0;
    return `${steps} smoke steps passed; port-forward closed after`;
  },
};

const networkPolicies: Check = {
  n: 4,
  name: 'NetworkPolicies: frontend cannot reach postgres, backend can; DNS everywhere',
  async run(ctx) {
    const pg = 'postgres.todo-data.svc.cluster.local';
    const dns = 'nslookup kubernetes.default.svc.cluster.local >/dev/null 2>&1 && echo dns-ok';
    const tcp = `nc -w 5 ${pg} 5432 </dev/null >/dev/null 2>&1 && echo pg-open || echo pg-closed`;
    const front = await throwawayPod(ctx, 'todo-frontend', 'e2e-netpol');
    try {
      const r = await front.sh(`${dns}; ${tcp}`);
      expect(
        /dns-ok/.test(r.stdout),
        `DNS from a pod in todo-frontend failed: ${r.stdout}${r.stderr}`,
      );
      expect(/pg-closed/.test(r.stdout), `postgres:5432 is reachable from todo-frontend`);
    } finally {
      await front.remove();
    }
    // The app pods themselves, through their own policies.
    const connect = (host: string, port: number) =>
      `require('net').connect(${port}, '${host}').on('connect', () => { console.log('open'); process.exit(0) }).on('error', e => { console.log('closed', e.code); process.exit(1) }); setTimeout(() => { console.log('closed timeout'); process.exit(1) }, 5000)`;
    const lookup = `require('dns').lookup('kubernetes.default.svc.cluster.local', (e, a) => { console.log(e ? 'dns-fail ' + e.code : 'dns-ok ' + a); process.exit(e ? 1 : 0) })`;
    const be = await nodeIn(ctx, 'todo-backend', 'todo-backend', connect(pg, 5432));
    expect(
      be.exitCode === 0,
      `postgres:5432 unreachable from the backend pod: ${be.stdout}${be.stderr}`,
    );
    const fe = await nodeIn(ctx, 'todo-frontend', 'todo-frontend', connect(pg, 5432));
    expect(fe.exitCode !== 0, `postgres:5432 reachable from the frontend pod`);
    for (const [ns, d] of [
      ['todo-frontend', 'todo-frontend'],
      ['todo-backend', 'todo-backend'],
    ] as const) {
      const r = await nodeIn(ctx, ns, d, lookup);
      expect(r.exitCode === 0, `DNS from ${d}'s pod failed: ${r.stdout}${r.stderr}`);
    }
    const data = await throwawayPod(ctx, 'todo-data', 'e2e-dns');
    try {
      const r = await data.sh(dns);
      expect(/dns-ok/.test(r.stdout), `DNS from a pod in todo-data failed`);
    } finally {
      await data.remove();
    }
    return 'frontend → postgres refused, backend → postgres open, DNS ok in 3 namespaces';
  },
};

const noChangeRedeploy: Check = {
  n: 5,
  name: 'second pnpm turbo deploy with nothing changed replaces and restarts nothing',
  async run(ctx) {
    const before = await appPods(ctx);
    const d = await turboDeploy(ctx);
    await sleep(5000);
    const after = await appPods(ctx);
    const key = (p: { uid: string; owner: string; restarts: number }) =>
      `${p.uid}/${p.owner}/${p.restarts}`;
    const changed = before.filter((b) => !after.some((a) => key(a) === key(b)));
    const added = after.filter((a) => !before.some((b) => b.uid === a.uid));
    expect(
      changed.length === 0 && added.length === 0,
      `pods changed: ${changed.map(podLine).join(', ')}; new: ${added.map(podLine).join(', ')}`,
    );
    const note = d.deploySeconds < 15 ? '' : ' (over the 15 s target)';
    return `${after.length} pods unchanged; deploy step ${d.deploySeconds.toFixed(1)} s${note}, turbo deploy ${d.seconds.toFixed(0)} s`;
  },
};

/** Steady sequential requests through the port-forward until stopped: counts failures. */
function steadyLoad(user: AppUser) {
  let stop = false;
  const stats = { ok: 0, failed: [] as string[] };
  const done = (async () => {
    while (!stop) {
      for (const p of ['/api/healthz', '/api/tasks']) {
        try {
          const r = await user.call('GET', p);
          if (r.status === 200) stats.ok++;
          else stats.failed.push(`${p} HTTP ${r.status}`);
        } catch (err) {
          stats.failed.push(`${p} ${(err as Error).message}`);
        }
      }
      await sleep(200);
    }
  })();
  return {
    stats,
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

const apiChangeRollout: Check = {
  n: 6,
  name: 'a one-line API change rolls only the backend, with no failed request under load',
  async run(ctx) {
    const before = await appPods(ctx);
    const forward = await ctx.forward();
    const user = new AppUser(
      forward.url,
      `e2e-load-${Date.now()}@example.invalid`,
      'e2e-load-password-1',
    );
    const undo = touchApi(ctx, String(Date.now()));
    try {
      await user.signUp();
      await user.signIn();
      const load = steadyLoad(user);
      try {
        await turboDeploy(ctx);
        await allReady(ctx);
      } finally {
        await load.stop();
      }
      const after = await appPods(ctx);
      const kept = (ns: string) =>
        before.filter((b) => b.ns === ns && after.some((a) => a.uid === b.uid));
      expect(
        kept('todo-backend').length === 0,
        `backend pods not replaced: ${kept('todo-backend').map(podLine).join(', ')}`,
      );
      for (const ns of ['todo-frontend', 'todo-data']) {
        const was = before.filter((b) => b.ns === ns);
        expect(
          kept(ns).length === was.length,
          `${ns} pods were replaced: ${was
            .filter((b) => !kept(ns).includes(b))
            .map(podLine)
            .join(', ')}`,
        );
      }
      expect(load.stats.ok > 10, `only ${load.stats.ok} requests got through during the rollout`);
      expect(
        load.stats.failed.length === 0,
        `${load.stats.failed.length} of ${load.stats.ok + load.stats.failed.length} requests failed during the rollout: ${load.stats.failed.slice(0, 5).join('; ')}`,
      );
      return `backend replaced, web and postgres kept; ${load.stats.ok} requests, 0 failed`;
    } finally {
      undo();
      await forward.stop();
    }
  },
};

const watchDeploy: Check = {
  n: 7,
  name: 'pnpm run deploy --watch: a file change reaches the cluster and is reported ready',
  async run(ctx) {
    // Its own process group, so Ctrl-C (SIGINT) reaches the deploy script as in a terminal.
    const child = spawn('pnpm', ['run', '--silent', 'deploy', '--watch'], {
      cwd: ctx.repoRoot,
      env: { ...process.env, ...ctx.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let undo: (() => void) | undefined;
    try {
      await until('deploy --watch to start watching', 600_000, async () => {
        if (child.exitCode !== null)
          throw new CheckFailure(`deploy --watch exited:\n${out.slice(-600)}`);
        if (!/watching apps\//.test(out)) throw new Error('not watching yet');
      });
      const before = (await appPods(ctx, ['todo-backend'])).map((p) => p.uid);
      const mark = out.length;
      undo = touchApi(ctx, `watch ${Date.now()}`);
      await until('the watch to report todo-backend ready', 600_000, async () => {
        const since = out.slice(mark);
        if (/todo-backend\s+failed/.test(since))
          throw new CheckFailure(`watch reported a failure:\n${since.slice(-600)}`);
        if (!/todo-backend\s+ready/.test(since)) throw new Error('not ready yet');
      });
      const after = (await appPods(ctx, ['todo-backend'])).map((p) => p.uid);
      expect(
        !after.some((u) => before.includes(u)),
        'watch said ready but the backend pods were not replaced',
      );
      return 'rebuilt, rolled out, reported ready';
    } finally {
      undo?.();
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGINT');
      await exited;
    }
  },
};

export const deployChecks = [
  deployFromNothing,
  helmTests,
  smokeTest,
  networkPolicies,
  noChangeRedeploy,
  apiChangeRollout,
  watchDeploy,
];
