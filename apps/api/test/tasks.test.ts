import { queryRows } from '@todo/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp, type TestUser } from './helpers';

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  user = await signUp(t.app);
});
afterAll(() => t.close());

const create = (u: TestUser, payload: object) =>
  u.request({ method: 'POST', url: '/api/tasks', payload });

async function createOk(u: TestUser, payload: object) {
  const res = await create(u, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('task routes', () => {
  it('creates with defaults and normalised input', async () => {
    const task = await createOk(user, {
      title: '  Buy milk  ',
      tags: ['#Home', 'home', 'Errands'],
      dueAt: '2026-12-03T17:00:00+01:00',
    });
    expect(task).toEqual({
      id: expect.any(Number),
      title: 'Buy milk',
      description: null,
      completed: false,
      priority: 'medium',
      tags: ['home', 'errands'],
      dueAt: '2026-12-03T16:00:00.000Z',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      completedAt: null,
      recurrence: null,
    });
  });

  it('gets, patches, completes, reopens and deletes a task', async () => {
    const task = await createOk(user, { title: 'Write report', priority: 'low' });
    const url = `/api/tasks/${task.id}`;

    expect((await user.request({ method: 'GET', url })).json()).toEqual(task);

    const patched = await user.request({
      method: 'PATCH',
      url,
      payload: { title: 'Write the report', priority: 'high', description: 'Q4', tags: ['work'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      title: 'Write the report',
      priority: 'high',
      description: 'Q4',
      tags: ['work'],
    });

    const done = await user.request({ method: 'POST', url: `${url}/complete` });
    expect(done.statusCode).toBe(200);
    expect(done.json().completed).toBe(true);
    const completedAt = done.json().completedAt;
    expect(completedAt).toEqual(expect.any(String));

    // Completing again keeps the first completion time.
    const again = await user.request({ method: 'POST', url: `${url}/complete` });
    expect(again.json().completedAt).toBe(completedAt);

    const reopened = await user.request({ method: 'PATCH', url, payload: { completed: false } });
    expect(reopened.json()).toMatchObject({ completed: false, completedAt: null });

    const cleared = await user.request({
      method: 'PATCH',
      url,
      payload: { description: null, dueAt: null },
    });
    expect(cleared.json()).toMatchObject({ description: null, dueAt: null });

    expect((await user.request({ method: 'DELETE', url })).statusCode).toBe(204);
    const gone = await user.request({ method: 'GET', url });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error).toEqual({ code: 'not_found', message: `Task ${task.id} not found` });
    expect((await user.request({ method: 'DELETE', url })).statusCode).toBe(404);
    expect((await user.request({ method: 'PATCH', url, payload: { title: 'x' } })).statusCode).toBe(
      404,
    );
    expect((await user.request({ method: 'POST', url: `${url}/complete` })).statusCode).toBe(404);
  });

  it("hides another user's tasks behind 404 on every route", async () => {
    const owner = await signUp(t.app);
    const intruder = await signUp(t.app);
    const task = await createOk(owner, { title: 'private' });
    const url = `/api/tasks/${task.id}`;
    const attempts = [
      { method: 'GET', url },
      { method: 'PATCH', url, payload: { title: 'hacked' } },
      { method: 'POST', url: `${url}/complete` },
      { method: 'DELETE', url },
    ] as const;
    for (const attempt of attempts) {
      const res = await intruder.request(attempt);
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(res.body).not.toContain('private');
    }
    const list = await intruder.request({ method: 'GET', url: '/api/tasks' });
    expect(list.json().items).toEqual([]);
    expect((await owner.request({ method: 'GET', url })).json()).toMatchObject({
      title: 'private',
      completed: false,
    });
  });

  it('keeps exactly 100 tasks after 100 concurrent creates', async () => {
    const busy = await signUp(t.app);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => create(busy, { title: `task ${i}` })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(100).fill(201));
    const ids = new Set(results.map((r) => r.json().id));
    expect(ids.size).toBe(100);
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM tasks WHERE user_id = ${busy.userId}`,
    );
    expect(row!.n).toBe(100);
  });
});

describe('listing: filters, sort and pagination', () => {
  let lister: TestUser;
  // Set when the tasks are made, not when the file loads: on a loaded machine minutes pass
  // between the two, and "call mom" must still be ahead when the filters are asked.
  let now = 0;
  const day = 86_400_000;
  const soon = 2 * 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    lister = await signUp(t.app);
    now = Date.now();
    const specs = [
      { title: 'Pay rent', priority: 'high', tags: ['home', 'finance'], dueAt: iso(now - day) },
      { title: 'call mom', priority: 'medium', tags: ['family'], dueAt: iso(now + soon) },
      { title: 'File taxes', priority: 'high', tags: ['finance'], dueAt: iso(now + 3 * day) },
      { title: 'Water plants', priority: 'low', tags: ['home'], dueAt: iso(now + 30 * day) },
      { title: 'Read 50% of book', priority: 'low', description: 'the one with_underscores' },
    ];
    for (const spec of specs) await createOk(lister, spec);
    const plants = (await lister.request({ method: 'GET', url: '/api/tasks?q=plants' })).json()
      .items[0];
    await lister.request({ method: 'POST', url: `/api/tasks/${plants.id}/complete` });
  });

  const titles = async (query: string) => {
    const res = await lister.request({ method: 'GET', url: `/api/tasks?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((task: { title: string }) => task.title);
  };

  it('filters by status, priority, tag and text', async () => {
    expect(await titles('status=completed')).toEqual(['Water plants']);
    expect((await titles('status=pending')).sort()).toEqual(
      ['File taxes', 'Pay rent', 'Read 50% of book', 'call mom'].sort(),
    );
    expect((await titles('status=all')).length).toBe(5);
    expect((await titles('priority=high')).sort()).toEqual(['File taxes', 'Pay rent']);
    expect((await titles('tag=finance')).sort()).toEqual(['File taxes', 'Pay rent']);
    expect((await titles('tag=%23Home')).sort()).toEqual(['Pay rent', 'Water plants']);
    expect(await titles('q=RENT')).toEqual(['Pay rent']);
    expect(await titles('q=underscores')).toEqual(['Read 50% of book']);
    // LIKE wildcards in the search text are literal characters.
    expect(await titles('q=50%25')).toEqual(['Read 50% of book']);
    expect(await titles('q=_')).toEqual(['Read 50% of book']);
    expect(await titles('priority=high&tag=home')).toEqual(['Pay rent']);
  });

  it('filters by due date: overdue, today and this week', async () => {
    expect(await titles('due=overdue')).toEqual(['Pay rent']);
    expect(await titles('due=week&sort=due')).toEqual(
      expect.arrayContaining(['call mom', 'File taxes']),
    );
    expect(await titles('due=week')).not.toContain('Water plants');
    expect(await titles('due=week')).not.toContain('Pay rent');
    // "today" is the user's today: call mom is due today unless two hours on is tomorrow (UTC).
    const today = await titles('due=today&tz=UTC');
    const sameUtcDay = new Date(now + soon).getUTCDate() === new Date(now).getUTCDate();
    if (sameUtcDay) expect(today).toContain('call mom');
    expect(today).not.toContain('File taxes');
  });

  it('sorts by each key in both directions', async () => {
    expect(await titles('sort=title')).toEqual([
      'call mom',
      'File taxes',
      'Pay rent',
      'Read 50% of book',
      'Water plants',
    ]);
    expect(await titles('sort=due')).toEqual([
      'Pay rent',
      'call mom',
      'File taxes',
      'Water plants',
      'Read 50% of book',
    ]);
    expect((await titles('sort=due&order=desc')).slice(0, 4)).toEqual([
      'Water plants',
      'File taxes',
      'call mom',
      'Pay rent',
    ]);
    const byPriority = await titles('sort=priority');
    expect(byPriority.slice(0, 2).sort()).toEqual(['File taxes', 'Pay rent']);
    expect(byPriority.slice(3).sort()).toEqual(['Read 50% of book', 'Water plants']);
    expect((await titles('sort=created&order=asc'))[0]).toBe('Pay rent');
    expect((await titles('sort=created'))[0]).toBe('Read 50% of book');
  });

  it('pages through every sort with cursors, without gaps or repeats', async () => {
    for (const sort of ['created', 'due', 'priority', 'title']) {
      for (const order of ['asc', 'desc']) {
        const all = await titles(`sort=${sort}&order=${order}`);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const q = `sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
          const res = await lister.request({ method: 'GET', url: `/api/tasks?${q}` });
          const page = res.json();
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((task: { title: string }) => task.title));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen, `${sort} ${order}`).toEqual(all);
      }
    }
  });

  it('rejects a cursor that is forged or from another sort', async () => {
    const first = await lister.request({ method: 'GET', url: '/api/tasks?limit=1' });
    const cursor = first.json().nextCursor;
    expect(cursor).toEqual(expect.any(String));
    for (const url of [
      `/api/tasks?limit=1&sort=title&cursor=${cursor}`,
      '/api/tasks?cursor=not-a-cursor',
      `/api/tasks?cursor=${Buffer.from('{"s":"created","o":"desc","k":"x","id":1}').toString('base64url')}`,
    ]) {
      const res = await lister.request({ method: 'GET', url });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0].path).toBe('cursor');
    }
  });
});

describe('validation', () => {
  const long = (n: number) => 'x'.repeat(n);

  it.each([
    ['title missing', {}, 'title'],
    ['title empty after trim', { title: '   ' }, 'title'],
    ['title too long', { title: long(201) }, 'title'],
    ['title not a string', { title: 42 }, 'title'],
    ['description too long', { title: 'ok', description: long(2001) }, 'description'],
    ['priority unknown', { title: 'ok', priority: 'urgent' }, 'priority'],
    ['dueAt not a date', { title: 'ok', dueAt: 'tomorrow' }, 'dueAt'],
    ['dueAt without offset', { title: 'ok', dueAt: '2026-12-03T10:00:00' }, 'dueAt'],
    ['too many tags', { title: 'ok', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
    ['tag too long', { title: 'ok', tags: [long(33)] }, 'tags.0'],
    ['tag empty', { title: 'ok', tags: ['#'] }, 'tags.0'],
    ['tag with a space', { title: 'ok', tags: ['two words'] }, 'tags.0'],
    ['unknown field', { title: 'ok', owner: 'someone-else' }, 'owner'],
  ])('POST /api/tasks rejects %s, naming the field', async (_what, payload, field) => {
    const res = await create(user, payload);
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(error.message).toContain(field.split('.')[0]);
  });

  it('accepts every limit exactly at its boundary', async () => {
    const res = await create(user, {
      title: long(200),
      description: long(2000),
      tags: Array.from({ length: 10 }, (_, i) => `${long(30)}${i}`.slice(-32)),
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('rejects an empty or invalid patch and a bad id', async () => {
    const task = await createOk(user, { title: 'patch me' });
    const url = `/api/tasks/${task.id}`;
    const empty = await user.request({ method: 'PATCH', url, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/at least one/);
    const bad = await user.request({ method: 'PATCH', url, payload: { completed: 'yes' } });
    expect(bad.json().error.fields[0].path).toBe('completed');
    for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
      const res = await user.request({ method: 'GET', url: `/api/tasks/${id}` });
      expect(res.statusCode, id).toBe(400);
      expect(res.json().error.fields[0].path).toBe('id');
    }
    expect((await user.request({ method: 'GET', url })).json().title).toBe('patch me');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['status=done', 'status'],
    ['priority=urgent', 'priority'],
    ['due=tomorrow', 'due'],
    ['sort=random', 'sort'],
    ['order=up', 'order'],
    ['tz=Mars/Olympus', 'tz'],
  ])('GET /api/tasks?%s is a 400 naming %s', async (query, field) => {
    const res = await user.request({ method: 'GET', url: `/api/tasks?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe(field);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await user.request({
      method: 'POST',
      url: '/api/tasks',
      headers: { 'content-type': 'application/json' },
      payload: '{"title": "unterminated',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'bad_request', message: 'body is not valid JSON' });
  });

  it('answers a JSON array or a non-JSON content type with a clear 4xx', async () => {
    const array = await user.request({ method: 'POST', url: '/api/tasks', payload: [1, 2] });
    expect(array.statusCode).toBe(400);
    const text = await user.request({
      method: 'POST',
      url: '/api/tasks',
      headers: { 'content-type': 'text/plain' },
      payload: 'title=hi',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unsupported_media_type');
  });

  it('answers an oversized body with 413 and stores nothing', async () => {
    const before = await user.request({ method: 'GET', url: '/api/tasks?limit=100' });
    const res = await create(user, { title: 'big', description: long(70 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    const after = await user.request({ method: 'GET', url: '/api/tasks?limit=100' });
    expect(after.json().items.length).toBe(before.json().items.length);
  });
});

describe('the rest of the HTTP surface', () => {
  it('answers unknown routes with the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /api/nothing-here' },
    });
  });

  it('echoes a sane request id and makes one otherwise', async () => {
    const kept = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const made = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\u0000' },
    });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers and CORS only for trusted origins', async () => {
    const trusted = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'http://localhost:3000' },
    });
    expect(trusted.headers['x-content-type-options']).toBe('nosniff');
    expect(trusted.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(trusted.headers['access-control-allow-credentials']).toBe('true');
    const other = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("sends helmet's security headers on every kind of response, worked out once", async () => {
    const user = await signUp(t.app);
    const responses = await Promise.all([
      t.app.inject({ method: 'GET', url: '/healthz' }),
      t.app.inject({ method: 'GET', url: '/api/tasks' }), // 401
      t.app.inject({ method: 'GET', url: '/no/such/route' }), // 404
      user.request({ method: 'GET', url: '/api/tasks' }),
    ]);
    for (const res of responses) {
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';" +
          "frame-ancestors 'self';img-src 'self' data: validator.swagger.io;object-src 'none';" +
          "script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';" +
          'upgrade-insecure-requests',
      );
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    }
  });

  it('serves an OpenAPI document generated from the schemas, and its UI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const post = doc.paths['/api/tasks'].post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.properties.title.maxLength).toBe(200);
    expect(body.required).toEqual(['title']);
    expect(doc.paths['/api/tasks/{id}'].patch).toBeDefined();
    expect(doc.paths['/api/tokens'].post).toBeDefined();
    const ui = await t.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('reports liveness and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
    });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().database).toBe(t.database.kind);
  });
});

describe('rate limiting', () => {
  it('answers 429 per user once the limit is reached, in the error shape', async () => {
    const limited = await startTestApp({ RATE_LIMIT_MAX: '5' });
    try {
      // Both sign up before the burst: sign-up counts against the IP, not against a user.
      const alice = await signUp(limited.app);
      const bob = await signUp(limited.app);
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) {
        codes.push((await alice.request({ method: 'GET', url: '/api/tasks' })).statusCode);
      }
      expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
      const last = await alice.request({ method: 'GET', url: '/api/tasks' });
      expect(last.statusCode).toBe(429);
      expect(last.json().error.code).toBe('rate_limited');
      expect(last.headers['retry-after']).toBeDefined();
      // Bob, on the same IP, has his own bucket: Alice's burst does not limit him.
      const other = await bob.request({ method: 'GET', url: '/api/tasks' });
      expect(other.statusCode, other.body).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
