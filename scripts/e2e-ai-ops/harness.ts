import { realRunner, type CommandResult } from '@todo/infra';

/** What every check gets: the tools, the cluster's environment, and small helpers. */
export interface Ctx {
  repoRoot: string;
  kubectl: string;
  helm: string;
  env: Record<string, string>;
  log(line: string): void;
  /** Runs a command; never throws for a non-zero exit. */
  sh(
    command: string,
    args: string[],
    o?: { input?: string; env?: Record<string, string>; cwd?: string },
  ): Promise<CommandResult>;
  /** Runs a command; throws with its last output lines when it fails. */
  must(
    command: string,
    args: string[],
    o?: { input?: string; env?: Record<string, string> },
  ): Promise<string>;
  /** kubectl with the admin kubeconfig of the test cluster. */
  k(args: string[], input?: string): Promise<string>;
  /** Polls until `probe` is true, for things that become true (no fixed sleeps). */
  waitFor(what: string, probe: () => Promise<boolean>, attempts?: number): Promise<void>;
  state: Record<string, unknown>;
}

export interface Check {
  name: string;
  /** Set when the check cannot run on this machine: the reason is printed, it is not a pass. */
  notHere?: string;
  /** Returns a short detail for the table; throws naming what failed. */
  run(ctx: Ctx): Promise<string | void>;
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  seconds: number;
  detail: string;
}

const tail = (s: string, n = 6) => s.trim().split('\n').slice(-n).join('\n');

export function makeCtx(o: Omit<Ctx, 'sh' | 'must' | 'k' | 'waitFor' | 'state'>): Ctx {
  const sh: Ctx['sh'] = (command, args, opts = {}) =>
    realRunner.run(command, args, {
      cwd: opts.cwd ?? o.repoRoot,
      env: { ...o.env, ...opts.env },
      input: opts.input,
    });
  const must: Ctx['must'] = async (command, args, opts) => {
    const r = await sh(command, args, opts);
    if (r.exitCode !== 0)
      throw new Error(
        `\`${[command.split('/').pop(), ...args].join(' ').slice(0, 160)}\` exited ${r.exitCode}:\n${tail(`${r.stdout}\n${r.stderr}`)}`,
      );
    return r.stdout;
  };
  const waitFor: Ctx['waitFor'] = async (what, probe, attempts = 60) => {
    for (let i = 0; i < attempts; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`gave up waiting for ${what} (${attempts} tries, a second apart)`);
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

export async function runChecks(ctx: Ctx, checks: Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of checks) {
    const t = performance.now();
    if (c.notHere) {
      results.push({ name: c.name, status: 'skip', seconds: 0, detail: c.notHere });
      continue;
    }
    ctx.log(`── ${c.name}`);
    let r: CheckResult;
    try {
      const detail = (await c.run(ctx)) ?? '';
      r = { name: c.name, status: 'pass', seconds: (performance.now() - t) / 1000, detail };
    } catch (err) {
      r = {
        name: c.name,
        status: 'fail',
        seconds: (performance.now() - t) / 1000,
        detail: (err as Error).message,
      };
    }
    ctx.log(`   ${r.status} (${r.seconds.toFixed(1)}s) ${r.detail.split('\n')[0]}`);
    results.push(r);
  }
  return results;
}

export function formatTable(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.map(
    (r) =>
      `${r.status.toUpperCase().padEnd(4)}  ${r.name.padEnd(width)}  ${r.status === 'skip' ? '    ' : `${r.seconds.toFixed(1).padStart(5)}s`}  ${r.detail.replace(/\n/g, '\n' + ' '.repeat(width + 16))}`,
  );
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  return `${lines.join('\n')}\n\nai-ops: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`;
}
