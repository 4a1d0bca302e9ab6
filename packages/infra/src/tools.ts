import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ToolLookup {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  exists?: (file: string) => boolean;
}

/**
 * Finds a command-line tool: the environment variable (e.g. DOCKER, HELM) when it is set,
 * otherwise the first match on PATH (with Windows executable extensions). Returns the
 * plain name when nothing is found, so the error comes from running it.
 */
export function resolveTool(name: string, envVar: string, lookup: ToolLookup = {}): string {
  const env = lookup.env ?? process.env;
  const platform = lookup.platform ?? process.platform;
  const exists = lookup.exists ?? existsSync;
  const explicit = env[envVar];
  if (explicit) return explicit;
  const windows = platform === 'win32';
  const sep = windows ? ';' : ':';
  const exts = windows ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  const join = windows ? path.win32.join : path.posix.join;
  for (const dir of (env.PATH ?? env.Path ?? '').split(sep).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext.toLowerCase());
      if (exists(candidate)) return candidate;
      if (windows && exists(join(dir, name + ext))) return join(dir, name + ext);
    }
  }
  return name;
}
