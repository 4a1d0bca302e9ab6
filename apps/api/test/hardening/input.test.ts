import { queryRows } from '@todo/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp, type TestUser } from '../helpers';

// Finding 6 of issue 18 (and the bad-Unicode half of 8): input that passed validation and
// reached the database as a 500. Each must be a 400 whose message names the field.

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  user = await signUp(t.app);
});
afterAll(() => t.close());

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

async function expect400(
  res: { statusCode: number; json(): { error: { message: string } } },
  field: string,
) {
  expect(res.statusCode).toBe(400);
  expect(res.json().error.message).toContain(field);
}

describe('text fields refuse NUL characters and broken Unicode', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['title', { title: 'buy\u0000milk' }, 'title'],
    ['description', { title: 'ok', description: 'a\u0000' }, 'description'],
    ['a tag', { title: 'ok', tags: ['home', 'x\u0000'] }, 'tags.1'],
    ['a lone surrogate in the title', { title: 'buy \ud800 milk' }, 'title'],
  ];
  it.each(cases)('POST /api/tasks with %s', async (_what, payload, field) => {
    await expect400(await user.request({ method: 'POST', url: '/api/tasks', payload }), field);
  });

  it('PATCH, the list query, tokens and chat', async () => {
    const task = (
      await user.request({ method: 'POST', url: '/api/tasks', payload: { title: 'x' } })
    ).json<{ id: number }>();
    await expect400(
      await user.request({
        method: 'PATCH',
        url: `/api/tasks/${task.id}`,
        payload: { title: '\u0000' },
      }),
      'title',
    );
    await expect400(await user.request({ method: 'GET', url: '/api/tasks?q=%00' }), 'q');
    await expect400(await user.request({ method: 'GET', url: '/api/tasks?tag=a%00' }), 'tag');
    await expect400(
      await user.request({ method: 'POST', url: '/api/tokens', payload: { name: 'a\u0000' } }),
      'name',
    );
    for (const message of ['add buy \ud800 milk', 'add \u0000 milk']) {
      await expect400(
        await user.request({ method: 'POST', url: '/api/chat', payload: { message } }),
        'message',
      );
    }
    // Nothing was created by the refused chat turns, and no empty conversation was left.
    const [row] = await queryRows<{ tasks: number; conversations: number }>(
      t.database.db,
      sql`SELECT (SELECT count(*)::int FROM tasks WHERE user_id = ${user.userId}) AS tasks,
                 (SELECT count(*)::int FROM conversations WHERE user_id = ${user.userId}) AS conversations`,
    );
    expect(row).toEqual({ tasks: 1, conversations: 0 });
  });

  it('sign-up and sign-in', async () => {
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'nul@example.com', password: 'long enough pw', name: 'a\u0000b' },
    });
    await expect400(up, 'name');
    const inn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'nul\u0000@example.com', password: 'long enough pw' },
    });
    await expect400(inn, 'email');
  });
});

describe('dates the database cannot store', () => {
  it.each(['0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '10000-01-01T00:00:00Z'])(
    'refuses dueAt %s',
    async (dueAt) => {
      const res = await user.request({
        method: 'POST',
        url: '/api/tasks',
        payload: { title: 'old', dueAt },
      });
      await expect400(res, 'dueAt');
    },
  );
});

describe('tampered cursors', () => {
  const forged = [
    ['an impossible date', { s: 'created', o: 'desc', k: '2026-02-31T00:00:00.000Z', id: 1 }],
    [
      'an id beyond the integer column',
      { s: 'created', o: 'desc', k: '2026-01-01T00:00:00.000Z', id: 2 ** 31 },
    ],
    ['an odd offset', { s: 'created', o: 'desc', k: '2026-01-01T00:00:00+99:99', id: 1 }],
    [
      'a year the database cannot hold',
      { s: 'due', o: 'asc', k: '0000-01-01T00:00:00.000Z', id: 1 },
    ],
    ['a NUL in a title key', { s: 'title', o: 'asc', k: 'a\u0000', id: 1 }],
  ] as const;
  it.each(forged)('answers 400 for %s', async (_what, value) => {
    const sort = value.s === 'created' ? '' : `&sort=${value.s}`;
    const res = await user.request({
      method: 'GET',
      url: `/api/tasks?cursor=${cursor(value)}${sort}`,
    });
    await expect400(res, 'cursor');
  });
});

describe('deeply nested bodies', () => {
  it.each(['/api/auth/sign-in/email', '/api/auth/sign-up/email', '/api/tasks', '/api/chat'])(
    'answers 400 for 5,000 levels on %s',
    async (url) => {
      const res = await user.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: `{"email":${nested(5000)},"title":${nested(5000)}}`,
      });
      await expect400(res, 'body');
    },
  );
});
