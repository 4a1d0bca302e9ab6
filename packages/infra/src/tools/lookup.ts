import { which } from 'zx';

/**
 * Finds a command-line tool: the environment variable (e.g. DOCKER, HELM) when it is set,
 * otherwise the first executable on PATH (zx's `which`, which knows Windows' PATHEXT).
 * Returns the plain name when nothing is found, so the error comes from running it.
 */
export function resolveTool(
  name: string,
  envVar: string,
  lookup: { env?: Record<string, string | undefined> } = {},
): string {
  const env = lookup.env ?? process.env;
  const explicit = env[envVar];
  if (explicit) return explicit;
  return which.sync(name, { nothrow: true, path: env.PATH ?? env.Path ?? '' }) ?? name;
}
