import { randomUUID } from 'node:crypto';
import { queryRows } from '@todo/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, signUp, startTestApp, type TestApp } from '../helpers';

// Findings 1, 10 and 11 of issue 18: brute force, cross-site requests, account enumeration.

const signIn = (t: TestApp, email: string, password: string, forwardedFor?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: { email, password },
  });

describe('rate limits on sign-in and sign-up (finding 1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_MAX: '5' });
  });
  afterAll(() => t.close());

  it('answers 429 with retry-after once one address has guessed too often', async () => {
    const email = `${randomUUID()}@example.com`;
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      codes.push((await signIn(t, email, `guess ${i}`, '203.0.113.7')).statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const last = await signIn(t, email, 'guess 8', '203.0.113.7');
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('rate_limited');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not locked out by this one's guesses.
    expect((await signIn(t, `${randomUUID()}@example.com`, 'x', '203.0.113.8')).statusCode).toBe(
      401,
    );
  });

  it('limits guesses at one account even when they come from many addresses', async () => {
    const user = await signUp(t.app);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      codes.push((await signIn(t, user.email, `guess ${i}`, `198.51.100.${i + 1}`)).statusCode);
    }
    expect(codes.at(-1)).toBe(429);
    // Five attempts per window: the sign-up and sign-in used two, the guesses got three. The
    // owner is locked out for the window too, which is the point of the limit.
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(codes.slice(3)).toEqual([429, 429, 429, 429]);
    // Upper case and spaces name the same account.
    const shouted = await signIn(t, ` ${user.email.toUpperCase()} `, 'guess', '198.51.100.99');
    expect(shouted.statusCode).toBe(429);
  });

  it('limits sign-ups per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-up/email',
        headers: { 'x-forwarded-for': '192.0.2.44' },
        payload: { email: `${randomUUID()}@example.com`, password: 'long enough pw', name: 'n' },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes.slice(5)).toEqual([429, 429]);
  });

  it('trusts one proxy hop only: a client cannot choose its own rate-limit key', async () => {
    // The web proxy appends the address it saw; whatever the client wrote before it is ignored.
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const spoofed = `6.6.6.${i}, 192.0.2.77`;
      codes.push((await signIn(t, `${randomUUID()}@example.com`, 'x', spoofed)).statusCode);
    }
    expect(codes.slice(5)).toEqual([429, 429]);
  });

  it('limits failed API-token attempts per address before authentication rejects them', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/tasks',
        headers: { authorization: `Bearer todo_guess${i}`, 'x-forwarded-for': '192.0.2.91' },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
  });
});

describe('cross-site requests (finding 10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const completed = async (id: number) => {
    const [row] = await queryRows<{ completed: boolean }>(
      t.database.db,
      sql`SELECT completed FROM tasks WHERE id = ${id}`,
    );
    return row?.completed;
  };

  it('refuses a state-changing request with the session cookie from another origin', async () => {
    const user = await signUp(t.app);
    const task = (
      await user.request({ method: 'POST', url: '/api/tasks', payload: { title: 'x' } })
    ).json<{ id: number }>();
    for (const origin of ['http://evil.example', 'http://localhost:4000', 'null']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/tasks/${task.id}/complete`,
        headers: { cookie: user.cookie, origin },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toEqual({
        code: 'forbidden',
        message: expect.stringMatching(/origin/i),
      });
    }
    // No Origin at all with a cookie is refused as well (a browser always sends one on POST).
    const bare = await t.app.inject({
      method: 'DELETE',
      url: `/api/tasks/${task.id}`,
      headers: { cookie: user.cookie },
    });
    expect(bare.statusCode).toBe(403);
    expect(await completed(task.id)).toBe(false);

    // The app's own origin works; reads need no Origin.
    const own = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: { cookie: user.cookie, origin: 'http://localhost:3000' },
    });
    expect(own.statusCode).toBe(200);
    expect(await completed(task.id)).toBe(true);
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/tasks',
      headers: { cookie: user.cookie },
    });
    expect(read.statusCode).toBe(200);
  });

  it('checks chat, tokens and conversations too, and lets API tokens through without Origin', async () => {
    const user = await signUp(t.app);
    const evil = { cookie: user.cookie, origin: 'http://evil.example' };
    const chat = await t.app.inject({
      method: 'POST',
      url: '/api/chat',
      headers: evil,
      payload: { message: 'add buy milk' },
    });
    expect(chat.statusCode).toBe(403);
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: evil,
      payload: { name: 'stolen' },
    });
    expect(token.statusCode).toBe(403);
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM tasks WHERE user_id = ${user.userId}`,
    );
    expect(row!.n).toBe(0);

    // A bearer token is not sent by browsers on their own, so it needs no Origin check.
    const bearer = await createToken(user);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { authorization: `Bearer ${bearer}` },
      payload: { title: 'from a script' },
    });
    expect(created.statusCode).toBe(201);
  });
});

describe('account enumeration (finding 11)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const signUpRaw = (email: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email, password, name: 'Someone' },
    });

  it('answers sign-up the same way whether or not the email is registered', async () => {
    const taken = await signUp(t.app);
    const fresh = `${randomUUID()}@example.com`;
    const again = await signUpRaw(taken.email, 'another password');
    const first = await signUpRaw(fresh, 'another password');
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.statusCode).toBe(200);
    const shape = (body: { user: Record<string, unknown>; token: unknown }) => ({
      token: body.token,
      keys: Object.keys(body.user).sort(),
    });
    expect(shape(again.json())).toEqual(shape(first.json()));
    // Neither answer signs anyone in: a cookie would tell the two apart.
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(first.headers['set-cookie']).toBeUndefined();

    // The real owner's password still works and the second attempt's does not.
    expect((await signIn(t, taken.email, 'correct horse battery')).statusCode).toBe(200);
    expect((await signIn(t, taken.email, 'another password')).statusCode).toBe(401);
    // And the new account can sign in with what it chose.
    expect((await signIn(t, fresh, 'another password')).statusCode).toBe(200);
  });
});
