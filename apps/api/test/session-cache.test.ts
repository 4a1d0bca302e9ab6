import { queryRows } from '@todo/db';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieHeader,
  createToken,
  signUp,
  startTestApp,
  usingPostgres,
  type TestApp,
  type TestUser,
} from './helpers';

// Sessions are served from memory after their first check (no database read per request);
// these tests show that every way a session ends still takes effect on the next request.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const origin = { origin: 'http://localhost:3000' };
const tasksStatus = async (cookie: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie } })).statusCode;

async function secondSession(user: TestUser): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email: user.email, password: 'correct horse battery' },
  });
  expect(res.statusCode).toBe(200);
  return cookieHeader(res.headers['set-cookie']);
}

async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('cached sessions end when the session ends', () => {
  it('sign-out: the cookie is refused on the very next request', async () => {
    const user = await signUp(t.app);
    // Twice: the second answer comes from the cache.
    expect(await tasksStatus(user.cookie)).toBe(200);
    expect(await tasksStatus(user.cookie)).toBe(200);
    const out = await user.request({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: origin,
      payload: {},
    });
    expect(out.statusCode).toBe(200);
    expect(await tasksStatus(user.cookie)).toBe(401);
  });

  it('revoking the other sessions ends them at once; the current one goes on', async () => {
    const user = await signUp(t.app);
    const other = await secondSession(user);
    expect(await tasksStatus(user.cookie)).toBe(200);
    expect(await tasksStatus(other)).toBe(200);
    const revoke = await user.request({
      method: 'POST',
      url: '/api/auth/revoke-other-sessions',
      headers: origin,
      payload: {},
    });
    expect(revoke.statusCode).toBe(200);
    expect(await tasksStatus(other)).toBe(401);
    expect(await tasksStatus(user.cookie)).toBe(200);
  });

  it('revoking one session by its token, from another session, ends it at once', async () => {
    const user = await signUp(t.app);
    const other = await secondSession(user);
    expect(await tasksStatus(other)).toBe(200);
    const list = await user.request({ method: 'GET', url: '/api/auth/list-sessions' });
    const sessions = list.json<{ token: string; createdAt: string }[]>();
    const newest = sessions.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
    const revoke = await user.request({
      method: 'POST',
      url: '/api/auth/revoke-session',
      headers: origin,
      payload: { token: newest.token },
    });
    expect(revoke.statusCode).toBe(200);
    expect(await tasksStatus(other)).toBe(401);
    expect(await tasksStatus(user.cookie)).toBe(200);
  });

  it('a session deleted or expired in the database (another replica, clean-up) stops working', async () => {
    const gone = await signUp(t.app);
    const expired = await signUp(t.app);
    expect(await tasksStatus(gone.cookie)).toBe(200);
    expect(await tasksStatus(expired.cookie)).toBe(200);
    // Not through this API process: only the database's notification can tell it.
    await queryRows(t.database.db, sql`DELETE FROM sessions WHERE user_id = ${gone.userId}`);
    await queryRows(
      t.database.db,
      sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = ${expired.userId}`,
    );
    await eventually(async () => (await tasksStatus(gone.cookie)) === 401, 'deleted session');
    await eventually(async () => (await tasksStatus(expired.cookie)) === 401, 'expired session');
  });

  it('a revoked API token is refused on the very next request, also when deleted in the database', async () => {
    const user = await signUp(t.app);
    const revoked = await createToken(user, 'revoked');
    const deleted = await createToken(user, 'deleted');
    const withToken = async (token: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/tasks',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode;
    for (const token of [revoked, deleted, revoked, deleted])
      expect(await withToken(token)).toBe(200);
    const list = await user.request({ method: 'GET', url: '/api/tokens' });
    const { items } = list.json<{ items: { id: string; name: string }[] }>();
    const revokedId = items.find((x) => x.name === 'revoked')!.id;
    expect(
      (await user.request({ method: 'DELETE', url: `/api/tokens/${revokedId}` })).statusCode,
    ).toBe(204);
    expect(await withToken(revoked)).toBe(401);
    await queryRows(
      t.database.db,
      sql`DELETE FROM api_tokens WHERE name = 'deleted' AND user_id = ${user.userId}`,
    );
    await eventually(async () => (await withToken(deleted)) === 401, 'deleted token');
  });

  it.runIf(usingPostgres())('a cached session costs no database read', async () => {
    const user = await signUp(t.app);
    expect(await tasksStatus(user.cookie)).toBe(200);
    // With the sessions table locked against any read, only a cached session gets through.
    const pool = (t.database.db as unknown as { $client: pg.Pool }).$client;
    const locker = new pg.Client({ connectionString: pool.options.connectionString });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE');
      expect(await tasksStatus(user.cookie)).toBe(200);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });
});
