import { queryRows } from '@todo/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import {
  cookieHeader,
  createToken,
  openTestDatabase,
  signUp,
  startTestApp,
  testConfig,
  type TestApp,
} from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('email + password auth', () => {
  it('signs up, reads the session, signs out, and the cookie stops working', async () => {
    const user = await signUp(t.app, 'ada@example.com');
    const session = await user.request({ method: 'GET', url: '/api/auth/get-session' });
    expect(session.statusCode).toBe(200);
    expect(session.json().user.email).toBe('ada@example.com');

    expect((await user.request({ method: 'GET', url: '/api/tasks' })).statusCode).toBe(200);
    // A cookie-bearing auth request without a trusted Origin is refused (CSRF).
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: user.cookie },
      payload: {},
    });
    expect(forged.statusCode).toBe(403);
    const out = await user.request({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { origin: 'http://localhost:3000' },
      payload: {},
    });
    expect(out.statusCode).toBe(200);
    const after = await user.request({ method: 'GET', url: '/api/tasks' });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthorized');
  });

  it('signs in with the right password only', async () => {
    await signUp(t.app, 'grace@example.com');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'grace@example.com', password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      error: { code: 'unauthorized', message: expect.stringMatching(/invalid email or password/i) },
    });
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'grace@example.com', password: 'correct horse battery' },
    });
    expect(right.statusCode).toBe(200);
    const cookie = cookieHeader(right.headers['set-cookie']);
    const tasks = await t.app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie } });
    expect(tasks.statusCode).toBe(200);
  });

  it('answers a second sign-up with the same email without creating an account', async () => {
    await signUp(t.app, 'linus@example.com');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'linus@example.com', password: 'another password', name: 'L' },
    });
    // The same answer as a new sign-up (see test/hardening): nobody learns the email exists.
    expect(again.statusCode).toBe(200);
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM users WHERE email = 'linus@example.com'`,
    );
    expect(row!.n).toBe(1);
  });

  it('rejects a short password and a malformed email', async () => {
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'short@example.com', password: 'abc', name: 'S' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/password/i);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'not-an-email', password: 'long enough password', name: 'S' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/email/i);
  });

  it('refuses sign-in from a browser on an untrusted origin (CSRF), allows trusted ones', async () => {
    await signUp(t.app, 'csrf@example.com');
    const attempt = (origin: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin, 'sec-fetch-mode': 'cors' },
        payload: { email: 'csrf@example.com', password: 'correct horse battery' },
      });
    const evil = await attempt('https://evil.example');
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('forbidden');
    expect(evil.headers['set-cookie']).toBeUndefined();
    expect((await attempt('http://localhost:3000')).statusCode).toBe(200);
  });

  it('never logs passwords, tokens or cookies, even at trace level', async () => {
    const lines: string[] = [];
    const database = await openTestDatabase();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'trace' }), {
      database,
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const user = await signUp(app, 'logged@example.com');
      await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        payload: { email: 'logged@example.com', password: 'a wrong password' },
      });
      const token = await createToken(user);
      await app.inject({
        method: 'GET',
        url: '/api/tasks',
        headers: { authorization: `Bearer ${token}` },
      });
      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(5);
      expect(log).toContain('/api/tasks');
      for (const secret of [
        'correct horse battery',
        'a wrong password',
        token,
        user.cookie.split('=')[1]!,
      ]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('never stores the password in clear', async () => {
    await signUp(t.app, 'secretive@example.com');
    const [row] = await queryRows<{ password: string }>(
      t.database.db,
      sql`SELECT a.password FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = 'secretive@example.com'`,
    );
    expect(row!.password).toBeTruthy();
    expect(row!.password).not.toContain('correct horse battery');
  });
});

describe('personal API tokens', () => {
  it('creates a token shown once, authenticates with it, lists without secrets, revokes', async () => {
    const user = await signUp(t.app);
    const created = await user.request({
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'cli' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token, prefix } = created.json();
    expect(token).toMatch(/^todo_pat_[\w-]{40,}$/);
    expect(token.startsWith(prefix)).toBe(true);

    const bearer = { authorization: `Bearer ${token}` };
    const list = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: bearer });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id, name: 'cli', prefix })]);
    expect(list.body).not.toContain(token);

    const stored = await queryRows<{ token_hash: string }>(
      t.database.db,
      sql`SELECT token_hash FROM api_tokens`,
    );
    expect(stored.map((r) => r.token_hash)).not.toContain(token);

    const create = await t.app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: bearer,
      payload: { title: 'from a script' },
    });
    expect(create.statusCode).toBe(201);

    const revoke = await user.request({ method: 'DELETE', url: `/api/tokens/${id}` });
    expect(revoke.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/tasks', headers: bearer });
    expect(after.statusCode).toBe(401);
  });

  it('does not let a token mint more tokens', async () => {
    const user = await signUp(t.app);
    const token = await createToken(user);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it("cannot revoke another user's token", async () => {
    const alice = await signUp(t.app);
    const bob = await signUp(t.app);
    const created = await alice.request({ method: 'POST', url: '/api/tokens', payload: {} });
    const res = await bob.request({ method: 'DELETE', url: `/api/tokens/${created.json().id}` });
    expect(res.statusCode).toBe(404);
    const list = await alice.request({ method: 'GET', url: '/api/tokens' });
    expect(list.json().items).toHaveLength(1);
  });

  it.each([
    ['no credentials', {}],
    ['an unknown token', { authorization: 'Bearer todo_pat_doesnotexist' }],
    ['a malformed header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a forged session cookie', { cookie: 'better-auth.session_token=forged.value' }],
  ])('answers 401 with %s', async (_what, headers) => {
    for (const url of ['/api/tasks', '/api/tokens', '/api/tasks/1']) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
    }
  });
});
