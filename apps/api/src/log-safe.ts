/**
 * What the logs may say about an error: its kind, the database's error code and where it was
 * thrown, never its message. A failed query's message holds the SQL and its parameters (user
 * ids, emails, titles, token hashes).
 */
export function errorKind(err: unknown): { kind: string; code?: string; at?: string } {
  const kinds: string[] = [];
  let code: string | undefined;
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    kinds.push(e instanceof Error ? e.constructor.name : typeof e);
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string' && !code) code = c;
  }
  const frame = err instanceof Error ? err.stack?.split('\n').find((l) => /^\s+at /.test(l)) : '';
  return {
    kind: kinds.join(' < ') || 'unknown',
    ...(code ? { code } : {}),
    ...(frame ? { at: frame.trim().replace(/^at /, '') } : {}),
  };
}
