import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppUser } from './app-client';
import { turboDeploy } from './checks-deploy';
import { CheckFailure, expect, sleep, until, type Check, type Ctx } from './harness';
import { allReady, appPods, nodeIn, podLine } from './kube';

/** Signs a user up (or in) through a fresh port-forward and runs fn as them. */
async function asUser<T>(
  ctx: Ctx,
  user: { email: string; password: string },
  signUp: boolean,
  fn: (u: AppUser) => Promise<T>,
) {
  const forward = await until('a port-forward to the web app', 120_000, () => ctx.forward());
  try {
    const u = new AppUser(forward.url, user.email, user.password);
    // Wait for the app, then sign up/in once: sign-in attempts are rate-limited per address.
    await until('the app answering through the port-forward', 120_000, async () => {
      const r = await u.call('GET', '/api/healthz');
      if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    });
    if (signUp) await u.signUp();
    await u.signIn();
    return await fn(u);
  } finally {
    await forward.stop();
  }
}

const secretValue = async (ctx: Ctx, ns: string, name: string, key: string) => {
  const b64 = await ctx.k(['get', 'secret', '-n', ns, name, '-o', `jsonpath={.data.${key}}`]);
  return Buffer.from(b64, 'base64').toString();
};

const brokenRelease: Check = {
  n: 8,
  name: 'a broken release rolls back, the diagnosis names the cause, old pods keep serving',
  async run(ctx) {
    const dir = mkdtempSync(path.join(tmpdir(), 'e2e-broken-'));
    const values = path.join(dir, 'broken.yaml');
    // Valid for the chart's schema, refused by the API's own config check at start.
    writeFileSync(values, "config:\n  openaiBaseUrl: 'not a url'\n");
    const before = await appPods(ctx, ['todo-backend']);
    const forward = await ctx.forward();
    const user = new AppUser(forward.url, '', '');
    let ok = 0;
    const failed: string[] = [];
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const r = await user
          .call('GET', '/api/healthz')
          .catch((e: Error) => ({ status: 0, text: e.message }));
        if (r.status === 200) ok++;
        else failed.push(`HTTP ${r.status} ${r.text.slice(0, 80)}`);
        await sleep(300);
      }
    })();
    try {
      const r = await ctx.sh('pnpm', [
        'run',
        '--silent',
        'deploy',
        '--values',
        // This release only: a shared values file must fit every chart's schema.
        `todo-backend=${values}`,
        '--timeout',
        '90s',
      ]);
      const out = `${r.stdout}\n${r.stderr}`;
      expect(r.exitCode !== 0, 'the broken deploy reported success');
      expect(
        /OPENAI_BASE_URL/.test(out),
        `the diagnosis does not name the cause (OPENAI_BASE_URL):\n${out.slice(-1200)}`,
      );
      const hist = JSON.parse(
        await ctx.must(ctx.helm, ['history', 'todo-backend', '-n', 'todo-backend', '-o', 'json']),
      ) as { status: string; description: string }[];
      const last = hist.at(-1)!;
      expect(
        last.status === 'deployed' && /Rollback/i.test(last.description),
        `Helm did not roll back: last revision ${last.status} "${last.description}"`,
      );
    } finally {
      stop = true;
      await load;
      await forward.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const after = await appPods(ctx, ['todo-backend']);
    const lost = before.filter((b) => !after.some((a) => a.uid === b.uid && a.ready));
    expect(
      lost.length === 0,
      `previous backend pods did not survive: ${lost.map(podLine).join(', ')}`,
    );
    expect(
      failed.length === 0 && ok > 5,
      `${failed.length} of ${ok + failed.length} requests failed during the broken rollout: ${failed.slice(0, 3).join('; ')}`,
    );
    return `rolled back; ${ok} requests served, 0 failed`;
  },
};

const dataSurvives: Check = {
  n: 9,
  name: 'data: survives a postgres pod deletion, teardown + deploy keeps data and password; --purge removes all',
  async run(ctx) {
    const who = {
      email: `e2e-data-${Date.now()}@example.invalid`,
      password: 'e2e-data-password-1',
    };
    const title = `e2e survives ${Date.now()}`;
    await asUser(ctx, who, true, (u) => u.createTask(title));
    await ctx.k([
      'delete',
      'pod',
      '-n',
      'todo-data',
      '-l',
      'app.kubernetes.io/name=postgres',
      '--wait=true',
    ]);
    await allReady(ctx);
    const afterRestart = await asUser(ctx, who, false, (u) => u.taskTitles());
    expect(afterRestart.includes(title), 'the task is gone after the postgres pod was recreated');

    const password = await secretValue(ctx, 'todo-data', 'postgres', 'password');
    await ctx.must('pnpm', ['run', '--silent', 'teardown']);
    const releases = await ctx.must(ctx.helm, ['list', '-A', '-q']);
    expect(!/todo-|postgres/.test(releases), `teardown left releases: ${releases}`);
    await turboDeploy(ctx);
    await allReady(ctx);
    expect(
      (await secretValue(ctx, 'todo-data', 'postgres', 'password')) === password,
      'the database password changed across teardown + deploy',
    );
    const afterTeardown = await asUser(ctx, who, false, (u) => u.taskTitles());
    expect(afterTeardown.includes(title), 'the task is gone after teardown + deploy');

    await ctx.must('pnpm', ['run', '--silent', 'teardown', '--purge']);
    const left = {
      releases: (await ctx.must(ctx.helm, ['list', '-A', '-q'])).trim(),
      pvcs: (await ctx.k(['get', 'pvc', '-A', '-o', 'name'])).trim(),
      secrets: (
        await ctx.k(['get', 'secrets', '-n', 'todo-data', '-o', 'name', '--ignore-not-found'])
      ).trim(),
    };
    expect(
      !left.releases && !left.pvcs && !/postgres/.test(left.secrets),
      `--purge left: ${JSON.stringify(left)}`,
    );
    return 'task kept across pod deletion and teardown; password kept; purge left nothing';
  },
};

const keyRollsPods: Check = {
  n: 10,
  name: 'a changed OPENAI_API_KEY on redeploy rolls the API pods and they see the new value',
  async run(ctx) {
    const sees = async (key: string) => {
      const r = await nodeIn(
        ctx,
        'todo-backend',
        'todo-backend',
        `process.exit(process.env.OPENAI_API_KEY === ${JSON.stringify(key)} ? 0 : 3)`,
      );
      return r.exitCode === 0;
    };
    // The first key from .env in the repository root (what a user writes), unless one exists.
    const dotenv = path.join(ctx.repoRoot, '.env');
    const ownEnv = existsSync(dotenv);
    const first = `sk-e2e-first-${Date.now()}`;
    if (!ownEnv) writeFileSync(dotenv, `OPENAI_API_KEY=${first}\n`);
    try {
      await turboDeploy(ctx, ownEnv ? { OPENAI_API_KEY: first } : {});
    } finally {
      if (!ownEnv) rmSync(dotenv, { force: true });
    }
    await allReady(ctx);
    expect(
      await sees(first),
      `the API pods do not see the key from ${ownEnv ? 'the environment' : '.env'}`,
    );
    const before = await appPods(ctx, ['todo-backend']);
    const second = `sk-e2e-second-${Date.now()}`;
    await turboDeploy(ctx, { OPENAI_API_KEY: second });
    await allReady(ctx);
    const after = await appPods(ctx, ['todo-backend']);
    const kept = before.filter((b) => after.some((a) => a.uid === b.uid));
    expect(
      kept.length === 0,
      `API pods not rolled after the key changed: ${kept.map(podLine).join(', ')}`,
    );
    expect(await sees(second), 'the API pods do not see the new key');
    // Back to the offline engine for what follows (the cluster reaches no LLM).
    await turboDeploy(ctx, { OPENAI_API_KEY: '' });
    return `pods rolled (${before.length} → ${after.length} new), new key seen${ownEnv ? '' : '; first key read from .env'}`;
  },
};

export const dataChecks: Check[] = [brokenRelease, dataSurvives, keyRollsPods];
export { CheckFailure };
