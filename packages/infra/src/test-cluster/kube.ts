import type { CommandRunner, CommandResult } from '../tools/runner';

/** kubectl with the cluster's admin kubeconfig, and the waits `up` is made of. */
export interface Kube {
  run(args: string[], input?: string): Promise<CommandResult>;
  must(args: string[], input?: string): Promise<string>;
  apply(manifest: string): Promise<void>;
}

export function kube(runner: CommandRunner, kubectl: string, kubeconfig: string): Kube {
  const run = (args: string[], input?: string) =>
    runner.run(kubectl, ['--kubeconfig', kubeconfig, ...args], { input });
  const must = async (args: string[], input?: string) => {
    const r = await run(args, input);
    if (r.exitCode !== 0)
      throw new Error(`kubectl ${args.join(' ')}: ${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
  };
  return {
    run,
    must,
    // Retried: right after start a namespace's default ServiceAccount may not exist yet.
    apply: async (manifest) => {
      await retry(`kubectl apply`, 60_000, () => must(['apply', '-f', '-'], manifest));
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `attempt` until it resolves or `ms` pass; the last error says what never happened. */
export async function retry<T>(what: string, ms: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await attempt();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not succeed within ${Math.round(ms / 1000)} s: ${(last as Error).message}`,
      );
    }
    await sleep(delay);
  }
}
