import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@todo/db/testing';
import pg from 'pg';

/**
 * The API as a real process (`src/server.ts` under tsx) on a real PostgreSQL database, for the
 * tests that signal it, kill its database or watch it exit.
 */
export interface ApiProcess {
  child: ChildProcess;
  base: string;
  /** Everything the process wrote to stdout and stderr so far. */
  logs: { text: string };
  /** Resolves with [exitCode, signal] once the process has exited. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/**
 * Polls until `check` passes: outages end when the server is back, not after a fixed delay.
 * The deadline only catches a hang; a loaded machine can take many seconds to start a process.
 */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 240_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Starts the API on a free loopback port, migrating `databaseUrl`; resolves once it is ready. */
export async function startApiProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      MIGRATE_ON_START: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'todo-api-')),
      AUTH_SECRET: 'api-process-test-secret-api-process-test',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = { text: '' };
  child.stdout!.on('data', (d) => (logs.text += d));
  child.stderr!.on('data', (d) => (logs.text += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const base = `http://127.0.0.1:${port}`;
  await eventually(
    () =>
      fetch(`${base}/readyz`)
        .then((r) => r.ok)
        .catch(() => false),
    'the API to start',
  );
  return { child, base, logs, exited };
}

/** Headers of a JSON request from the web app's origin (better-auth checks the origin). */
export const fromApp = { 'content-type': 'application/json', origin: 'http://localhost:3000' };

/** Signs a new user up, then in (sign-up does not sign in); returns the session cookie. */
export async function signUpAndIn(base: string, name: string): Promise<string> {
  const credentials = { email: `${name}@example.com`, password: 'long enough pw' };
  const auth = (route: string, body: object) =>
    fetch(`${base}/api/auth/${route}`, {
      method: 'POST',
      headers: fromApp,
      body: JSON.stringify(body),
    });
  const up = await auth('sign-up/email', { ...credentials, name });
  if (!up.ok) throw new Error(`sign-up failed: ${up.status} ${await up.text()}`);
  const signIn = await auth('sign-in/email', credentials);
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  return signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** One `count(*)::int AS n` query on its own connection. */
export async function countRows(url: string, query: string): Promise<number> {
  const check = new pg.Client({ connectionString: url });
  await check.connect();
  try {
    const r = await check.query(query);
    return r.rows[0].n;
  } finally {
    await check.end();
  }
}
