import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { realRunner, type CommandResult } from '@todo/infra';
import { portForward, type PortForward } from '../lib/port-forward';

/** What every check gets: the tools, the environment the user's commands run with, helpers. */
export interface Ctx {
  repoRoot: string;
  kubectl: string;
  helm: string;
  /** The local port the app is opened on (TODO_APP_PORT): the origin the deploy trusts. */
  port: number;
  /** The environment `pnpm turbo deploy` etc. run with (KUBECONFIG, HELM, TODO_APP_PORT...). */
  env: Record<string, string>;
  /** The busybox image the test cluster imported (throwaway pods). */
  busybox: string;
  log(line: string): void;
  /** Runs a command; never throws for a non-zero exit. */
  sh(
    command: string,
    args: string[],
    o?: { input?: string; env?: Record<string, string> },
  ): Promise<CommandResult>;
  /** Runs a command; throws with its last output lines when it fails. */
  must(
    command: string,
    args: string[],
    o?: { input?: string; env?: Record<string, string> },
  ): Promise<string>;
  k(args: string[], input?: string): Promise<string>;
  /** A port-forward to the web app on `port`, as the README tells users to open it. */
  forward(): Promise<PortForward>;
  /** Values shared between checks (e.g. the user check 9 created). */
  state: Record<string, unknown>;
}

export interface Check {
  n: number;
  name: string;
  /** Returns a short detail for the table (numbers measured); throws naming what failed. */
  run(ctx: Ctx): Promise<string | void>;
}

export interface CheckResult {
  n: number;
  name: string;
  ok: boolean;
  skipped?: boolean;
  seconds: number;
  detail: string;
}

/** A failed expectation, with what was expected and what was found. */
export class CheckFailure extends Error {}

/** A check that cannot run on this machine (say why): shown as SKIP, never as a pass. */
export class CheckSkipped extends Error {}

export function expect(cond: unknown, message: string): asserts cond {
  if (!cond) throw new CheckFailure(message);
}

const tail = (s: string, n = 8) => s.trim().split('\n').slice(-n).join('\n');

export function makeCtx(o: Omit<Ctx, 'sh' | 'must' | 'k' | 'forward' | 'state'>): Ctx {
  const sh: Ctx['sh'] = (command, args, opts = {}) =>
    realRunner.run(command, args, {
      cwd: o.repoRoot,
      env: { ...o.env, ...opts.env },
      input: opts.input,
    });
  const must: Ctx['must'] = async (command, args, opts) => {
    const r = await sh(command, args, opts);
    if (r.exitCode !== 0) {
      throw new CheckFailure(
        `\`${[command.split('/').pop(), ...args].join(' ').slice(0, 160)}\` exited ${r.exitCode}:\n${tail(`${r.stdout}\n${r.stderr}`)}`,
      );
    }
    return r.stdout;
  };
  return {
    ...o,
    sh,
    must,
    k: (args, input) => must(o.kubectl, args, { input }),
    forward: () =>
      portForward({
        kubectl: o.kubectl,
        context: 'todo-ci',
        namespace: 'todo-frontend',
        service: 'todo-frontend',
        localPort: o.port,
        remotePort: 80,
      }),
    state: {},
  };
}

export async function runChecks(
  ctx: Ctx,
  checks: Check[],
  onResult: (r: CheckResult) => void,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of checks) {
    ctx.log(`── check ${c.n}: ${c.name}`);
    const t = performance.now();
    let r: CheckResult;
    try {
      const detail = (await c.run(ctx)) ?? '';
      r = { n: c.n, name: c.name, ok: true, seconds: (performance.now() - t) / 1000, detail };
    } catch (err) {
      r = {
        n: c.n,
        name: c.name,
        ok: false,
        ...(err instanceof CheckSkipped ? { skipped: true } : {}),
        seconds: (performance.now() - t) / 1000,
        detail: (err as Error).message,
      };
    }
    results.push(r);
    onResult(r);
  }
  return results;
}

export function formatTable(results: CheckResult[]): string {
  const rows = results.map((r) => {
    const first = r.detail.split('\n')[0] ?? '';
    return `${String(r.n).padStart(2)}  ${r.ok ? 'PASS' : r.skipped ? 'SKIP' : 'FAIL'}  ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}${first ? ` — ${first}` : ''}`;
  });
  const failed = results.filter((r) => !r.ok);
  const details = failed.map(
    (r) => `\ncheck ${r.n} (${r.name}) ${r.skipped ? 'skipped' : 'failed'}:\n${r.detail}`,
  );
  return [' #  result    time   check', ...rows, ...details].join('\n');
}

/** A free port on 127.0.0.1 (the OS picks it; other helpers run things on fixed ones). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until fn returns a value or the (generous) deadline passes; the last error is kept. */
export async function until<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (err) {
      last = err;
    }
    await sleep(1000);
  }
  throw new CheckFailure(
    `${what} within ${ms / 1000} s: ${(last as Error)?.message ?? 'no answer'}`,
  );
}

export const exists = existsSync;
