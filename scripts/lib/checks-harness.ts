/**
 * The one pass/fail harness of the cluster runners (`e2e:cluster`, `e2e:ai-ops`): a context
 * that runs the user's commands, checks run in order with their timings, and the tables they
 * print. Each runner keeps its own table layout (CI logs and docs quote them).
 */
import { createServer } from 'node:net';
import { realRunner, type CommandResult } from '@todo/infra';

export interface RunOpts {
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
}

/** What every check gets: the tools, the environment the user's commands run with, helpers. */
export interface BaseCtx {
  repoRoot: string;
  kubectl: string;
  helm: string;
  /** The environment the commands run with (KUBECONFIG, HELM, KUBECTL...). */
  env: Record<string, string>;
  log(line: string): void;
  /** Runs a command; never throws for a non-zero exit. */
  sh(command: string, args: string[], o?: RunOpts): Promise<CommandResult>;
  /** Runs a command; throws with its last output lines when it fails. */
  must(command: string, args: string[], o?: RunOpts): Promise<string>;
  /** kubectl with the test cluster's admin kubeconfig (from env). */
  k(args: string[], input?: string): Promise<string>;
  /** Polls until `probe` is true, a second apart (no fixed sleeps). */
  waitFor(what: string, probe: () => Promise<boolean>, attempts?: number): Promise<void>;
  /** Values shared between checks (e.g. a kubeconfig one check minted). */
  state: Record<string, unknown>;
}

export interface Check<C = BaseCtx> {
  /** Its number in the issue's list, when it has one (shown in the table). */
  n?: number;
  name: string;
  /** Set when the check cannot run on this machine: recorded as SKIP with the reason, not run. */
  notHere?: string;
  /** Returns a short detail for the table (numbers measured); throws naming what failed. */
  run(ctx: C): Promise<string | void>;
}

export type Status = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  n?: number;
  name: string;
  status: Status;
  seconds: number;
  detail: string;
}

/** A failed expectation, with what was expected and what was found. */
export class CheckFailure extends Error {}

/** A check that finds at run time it cannot run here (say why): SKIP, never a pass. */
export class CheckSkipped extends Error {}

export function expect(cond: unknown, message: string): asserts cond {
  if (!cond) throw new CheckFailure(message);
}

const tail = (s: string, n: number) => s.trim().split('\n').slice(-n).join('\n');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The command-running half of a context; `tailLines` of output go into a failure. */
export function baseCtx<O extends Pick<BaseCtx, 'repoRoot' | 'kubectl' | 'env'>>(
  o: O,
  tailLines = 8,
): O & Pick<BaseCtx, 'sh' | 'must' | 'k' | 'waitFor' | 'state'> {
  const sh: BaseCtx['sh'] = (command, args, opts = {}) =>
    realRunner.run(command, args, {
      cwd: opts.cwd ?? o.repoRoot,
      env: { ...o.env, ...opts.env },
      input: opts.input,
    });
  const must: BaseCtx['must'] = async (command, args, opts) => {
    const r = await sh(command, args, opts);
    if (r.exitCode !== 0) {
      throw new CheckFailure(
        `\`${[command.split('/').pop(), ...args].join(' ').slice(0, 160)}\` exited ${r.exitCode}:\n${tail(`${r.stdout}\n${r.stderr}`, tailLines)}`,
      );
    }
    return r.stdout;
  };
  const waitFor: BaseCtx['waitFor'] = async (what, probe, attempts = 60) => {
    for (let i = 0; i < attempts; i++) {
      if (await probe()) return;
      await sleep(1000);
    }
    throw new CheckFailure(`gave up waiting for ${what} (${attempts} tries, a second apart)`);
  };
  return {
    ...o,
    sh,
    must,
    k: (args, input) => must(o.kubectl, args, { input }),
    waitFor,
    state: {},
  };
}

/**
 * Runs the checks in order, each timed; a throw fails only its own check. `heading` is logged
 * before a check runs, `onResult` after; a `notHere` check is recorded without either.
 */
export async function runChecks<C extends Pick<BaseCtx, 'log'>>(
  ctx: C,
  checks: Check<C>[],
  report: { heading(c: Check<C>): string; onResult(r: CheckResult): void },
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of checks) {
    const id = { ...(c.n === undefined ? {} : { n: c.n }), name: c.name };
    if (c.notHere) {
      results.push({ ...id, status: 'skip', seconds: 0, detail: c.notHere });
      continue;
    }
    ctx.log(report.heading(c));
    const t = performance.now();
    let r: CheckResult;
    try {
      const detail = (await c.run(ctx)) ?? '';
      r = { ...id, status: 'pass', seconds: (performance.now() - t) / 1000, detail };
    } catch (err) {
      const status = err instanceof CheckSkipped ? 'skip' : 'fail';
      r = {
        ...id,
        status,
        seconds: (performance.now() - t) / 1000,
        detail: (err as Error).message,
      };
    }
    results.push(r);
    report.onResult(r);
  }
  return results;
}

export const count = (results: CheckResult[], s: Status) =>
  results.filter((r) => r.status === s).length;

const word = (s: Status) => s.toUpperCase();
const firstLine = (s: string) => s.split('\n')[0] ?? '';

/** e2e:cluster's table: numbered rows, then the full detail of each check that did not pass. */
export function numberedTable(results: CheckResult[]): string {
  const rows = results.map((r) => {
    const first = firstLine(r.detail);
    return `${String(r.n).padStart(2)}  ${word(r.status)}  ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}${first ? ` — ${first}` : ''}`;
  });
  const details = results
    .filter((r) => r.status !== 'pass')
    .map(
      (r) =>
        `\ncheck ${r.n} (${r.name}) ${r.status === 'skip' ? 'skipped' : 'failed'}:\n${r.detail}`,
    );
  return [' #  result    time   check', ...rows, ...details].join('\n');
}

/** e2e:ai-ops's table: named rows with their detail indented under them, then the counts. */
export function namedTable(results: CheckResult[], label: string): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.map(
    (r) =>
      `${word(r.status).padEnd(4)}  ${r.name.padEnd(width)}  ${r.status === 'skip' ? '    ' : `${r.seconds.toFixed(1).padStart(5)}s`}  ${r.detail.replace(/\n/g, '\n' + ' '.repeat(width + 16))}`,
  );
  return `${lines.join('\n')}\n\n${label}: ${count(results, 'pass')} passed, ${count(results, 'fail')} failed, ${count(results, 'skip')} skipped`;
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
