/**
 * What a helm or kubectl argument list means, read the way the tools read it, so tests assert
 * a command's meaning (which release, chart, namespace, values) and not where an argument sits.
 */
const booleanFlags = new Set([
  '--install',
  '--wait',
  '--atomic',
  '--rollback-on-failure',
  '--ignore-not-found',
  '--create-namespace',
  '--all-containers',
  '--prefix',
  '--follow',
  '--check',
  '--write',
  '--ignore-unknown',
  '--no-warn-ignored',
]);
const shortFlags: Record<string, string> = {
  '-n': '--namespace',
  '-l': '--selector',
  '-f': '--filename',
};

export interface Command {
  /** The words that are not flags: the subcommand and its operands. */
  words: string[];
  /** Every value of a flag (`--set` may repeat). */
  all(flag: string): string[];
  /** The one value of a flag; undefined when absent. */
  get(flag: string): string | undefined;
  has(flag: string): boolean;
  /** `--set`/`--set-string` pairs as an object. */
  sets(flag?: '--set' | '--set-string'): Record<string, string>;
}

export function readCommand(args: string[]): Command {
  const words: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (flag: string, value: string) => flags.set(flag, [...(flags.get(flag) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const long = shortFlags[a] ?? a;
    if (a.startsWith('--') && a.includes('='))
      add(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else if (booleanFlags.has(long)) add(long, 'true');
    else if (long.startsWith('-') && long !== '-') add(long, args[++i] ?? '');
    else words.push(a);
  }
  return {
    words,
    all: (flag) => flags.get(flag) ?? [],
    get: (flag) => flags.get(flag)?.at(-1),
    has: (flag) => flags.has(flag),
    sets: (flag = '--set') =>
      Object.fromEntries(
        (flags.get(flag) ?? []).map((kv) => [
          kv.slice(0, kv.indexOf('=')),
          kv.slice(kv.indexOf('=') + 1),
        ]),
      ),
  };
}

/** `helm upgrade --install NAME CHART ...` → what it installs, where, with which values. */
export function helmInstall(args: string[]) {
  const c = readCommand(args);
  if (c.words[0] !== 'upgrade' || !c.has('--install'))
    throw new Error(`not helm upgrade --install: ${args.join(' ')}`);
  return {
    release: c.words[1],
    chart: c.words[2],
    namespace: c.get('--namespace'),
    context: c.get('--kube-context'),
    set: c.sets('--set'),
    setString: c.sets('--set-string'),
    valuesFiles: c.all('--values'),
    command: c,
  };
}
