import { spawn } from 'node:child_process';
import { AppUser } from './app-client';
import { CheckFailure, expect, until, type Check, type Ctx } from './harness';
import { RELEASES } from './kube';

/** Starts a long-running command in its own process group; stop() sends it Ctrl-C. */
function background(ctx: Ctx, args: string[]) {
  const child = spawn('pnpm', args, {
    cwd: ctx.repoRoot,
    env: { ...process.env, ...ctx.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const o = { out: '' };
  child.stdout.on('data', (c: Buffer) => (o.out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (o.out += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    o,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGINT');
      await exited;
    },
  };
}

const operateCommands: Check = {
  n: 11,
  name: 'pnpm run status, logs backend, doctor and url print what the README says',
  async run(ctx) {
    // status: releases, pods ready, restarts, how to open the app (docs/deploy.md).
    const status = await ctx.must('pnpm', ['run', '--silent', 'status']);
    for (const r of RELEASES) {
      const row = status
        .split('\n')
        .find((l) => l.includes(`'${r.name}'`) && l.includes(`'${r.ns}'`));
      expect(row, `status lists no row for ${r.name} in ${r.ns}:\n${status}`);
      expect(
        /'deployed'/.test(row) && /'(\d+)\/\1'/.test(row),
        `status row for ${r.name} is not deployed with all pods ready: ${row}`,
      );
    }
    expect(
      status.includes(`127.0.0.1:${ctx.port}`),
      `status does not say how to open the app on the trusted port ${ctx.port}:\n${status}`,
    );

    // logs backend: lines prefixed by pod and container.
    const logs = (await ctx.must('pnpm', ['run', '--silent', 'logs', 'backend', '--tail', '5']))
      .trim()
      .split('\n');
    expect(logs.length >= 2 && logs[0] !== '', 'pnpm run logs backend printed nothing');
    const unprefixed = logs.filter(
      (l) => !/^\[pod\/todo-backend-[a-z0-9-]+\/[a-z0-9-]+\] /.test(l),
    );
    expect(
      unprefixed.length === 0,
      `logs lines without a pod/container prefix: ${unprefixed.slice(0, 2).join(' | ')}`,
    );

    // doctor: tools, versions, the cluster; exit 0 and "ready to deploy" on a healthy setup.
    const doctor = await ctx.must('pnpm', ['run', '--silent', 'doctor']);
    for (const part of ['kubectl', 'helm', 'cluster', 'image loader', 'ready to deploy']) {
      expect(doctor.includes(part), `doctor does not report ${part}:\n${doctor}`);
    }

    // url: the URL to open, which lets the user sign in (the trusted origin), kept open.
    const url = background(ctx, ['run', '--silent', 'url']);
    try {
      const base = await until('pnpm run url to print a URL', 120_000, async () => {
        if (!url.running()) throw new CheckFailure(`pnpm run url exited:\n${url.o.out}`);
        const m = /(https?:\/\/[^\s]+)/.exec(url.o.out);
        if (!m) throw new Error('no URL yet');
        return m[1]!;
      });
      const user = new AppUser(base, `e2e-url-${Date.now()}@example.invalid`, 'e2e-url-password-1');
      // The URL is printed before the forward is up: wait for the app, then sign up and in once
      // (sign-in attempts are rate-limited per address).
      await until(`the app answering at ${base}`, 120_000, async () => {
        const r = await user.call('GET', '/api/healthz');
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
      });
      await user.signUp();
      await user.signIn();
      expect(user.cookie, `signing in through ${base} set no session cookie`);
      return `status, logs, doctor as documented; signed in through ${base}`;
    } finally {
      await url.stop();
    }
  },
};

export const opsChecks: Check[] = [operateCommands];
