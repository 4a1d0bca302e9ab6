import { parse } from 'shell-quote';

/**
 * A proposed command line, read the way a shell would read it (shell-quote: quotes, escapes,
 * and operators as tokens of their own). Only one plain command is a command we can judge:
 * anything a shell would run as more than that (`;`, `&&`, `|`, redirections, substitutions,
 * variables, globs, comments, several lines) is refused before its words are looked at.
 */
export type Parsed = { ok: true; words: string[] } | { ok: false; reason: string };

export function parseCommandLine(line: string): Parsed {
  if (/[\r\n]/.test(line)) return { ok: false, reason: 'the command spans several lines' };
  const tokens = parse(line, (key) => ({ op: 'var', key }) as never);
  const words: string[] = [];
  for (const t of tokens) {
    if (typeof t === 'string') {
      if (t.includes('`') || t.includes('$('))
        return { ok: false, reason: 'the command substitutes another command (` or $( … ))' };
      words.push(t);
      continue;
    }
    if ('comment' in t) return { ok: false, reason: 'the command carries a # comment' };
    const op = (t as { op: string }).op;
    if (op === 'var' && !(t as unknown as { key: string }).key)
      return { ok: false, reason: 'the command substitutes another command (` or $( … ))' };
    if (op === 'var')
      return {
        ok: false,
        reason: `the command expands $${(t as unknown as { key: string }).key}`,
      };
    if (op === 'glob') return { ok: false, reason: 'the command has a glob pattern' };
    return { ok: false, reason: `the command has the shell operator ${op}` };
  }
  return { ok: true, words };
}

/** kubectl flags that take a value (as `--flag value` or `-f value`); others are switches. */
const valueFlags = new Set([
  'n',
  'namespace',
  'o',
  'output',
  'l',
  'selector',
  'f',
  'filename',
  'c',
  'container',
  'replicas',
  'current-replicas',
  'patch',
  'type',
  'tail',
  'since',
  'since-time',
  'field-selector',
  'sort-by',
  'template',
  'timeout',
  'context',
  'cluster',
  'user',
  'kubeconfig',
  'token',
  'as',
  'as-group',
  'as-uid',
  's',
  'server',
  'to-revision',
  'grace-period',
  'limit-bytes',
  'chunk-size',
  'subresource',
  'for',
]);

export interface KubectlArgs {
  /** Positional words after `kubectl`: verb, then resources and names. */
  args: string[];
  /** Flags by long or short name; a switch has the value 'true'. */
  flags: Map<string, string>;
}

/** Splits kubectl's words into positionals and flags (`-n x`, `-n=x`, `-nx`, `--namespace=x`). */
export function kubectlArgs(words: string[], verbFlags: readonly string[] = []): KubectlArgs {
  const takesValue = (f: string) => valueFlags.has(f) || verbFlags.includes(f);
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    const long = /^--([^=]+)(=(.*))?$/.exec(w);
    const short = /^-([a-zA-Z])(=?(.*))$/.exec(w);
    if (long) {
      const [, name, eq, value] = long;
      flags.set(name!, eq ? value! : takesValue(name!) ? (words[++i] ?? '') : 'true');
    } else if (short) {
      const [, name, rest, value] = short;
      if (rest) flags.set(name!, value!);
      else flags.set(name!, takesValue(name!) ? (words[++i] ?? '') : 'true');
    } else {
      args.push(w);
    }
  }
  return { args, flags };
}
