import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type DbHandle } from '@todo/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import {
  APP_ORIGIN,
  openTestDatabase,
  signUp,
  startTestApp,
  testConfig,
  usingPostgres,
  type TestApp,
  type TestUser,
} from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const chat = (user: TestUser, payload: object) =>
  user.request({ method: 'POST', url: '/api/chat', payload });

async function chatOk(user: TestUser, payload: object) {
  const res = await chat(user, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    conversationId: string;
    reply: string;
    toolCalls: { name: string; arguments: Record<string, unknown>; result: unknown }[];
  };
}

describe('POST /api/chat', () => {
  it('adds a task from a sentence and reports the tool call', async () => {
    const user = await signUp(t.app);
    const res = await chatOk(user, {
      message: 'add pay rent tomorrow high priority',
      timeZone: 'Europe/Paris',
    });
    expect(res.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.reply).toMatch(/Added #\d+ “Pay rent”/);
    expect(res.toolCalls).toHaveLength(1);
    expect(res.toolCalls[0]).toMatchObject({
      name: 'add_task',
      arguments: { title: 'Pay rent', priority: 'high' },
      result: { title: 'Pay rent', priority: 'high', completed: false },
    });
    const tasks = (await user.request({ method: 'GET', url: '/api/tasks' })).json().items;
    expect(tasks).toHaveLength(1);
    // "tomorrow" in Paris is the 23:59 of the next Paris day.
    const due = new Date(tasks[0].dueAt);
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', timeStyle: 'short' }).format(
        due,
      ),
    ).toBe('23:59');
  });

  it('carries a conversation over several turns: ambiguity, then the answer', async () => {
    const user = await signUp(t.app);
    await chatOk(user, { message: 'add call mom' });
    await chatOk(user, { message: 'add call the plumber' });
    const ask = await chatOk(user, { message: 'done with call' });
    expect(ask.reply).toMatch(/Which one/);
    expect(ask.toolCalls).toEqual([]);
    const answer = await chatOk(user, {
      conversationId: ask.conversationId,
      message: 'the first one',
    });
    expect(answer.conversationId).toBe(ask.conversationId);
    expect(answer.toolCalls.map((c) => c.name)).toEqual(['complete_task']);
    const done = (await user.request({ method: 'GET', url: '/api/tasks?status=completed' })).json();
    expect(done.items).toHaveLength(1);
  });

  it('asks before deleting everything and only deletes after “yes” in the same conversation', async () => {
    const user = await signUp(t.app);
    for (const title of ['one', 'two', 'three']) await chatOk(user, { message: `add ${title}` });
    const ask = await chatOk(user, { message: 'delete all my tasks' });
    expect(ask.reply).toMatch(/Are you sure/);
    // "yes" in a different conversation confirms nothing.
    const elsewhere = await chatOk(user, { message: 'yes' });
    expect(elsewhere.toolCalls).toEqual([]);
    expect((await user.request({ method: 'GET', url: '/api/tasks' })).json().items).toHaveLength(3);
    const yes = await chatOk(user, { conversationId: ask.conversationId, message: 'yes' });
    expect(yes.toolCalls.filter((c) => c.name === 'delete_task')).toHaveLength(3);
    expect((await user.request({ method: 'GET', url: '/api/tasks' })).json().items).toHaveLength(0);
  });

  it('keeps users apart: tools act for the caller only, conversations are private', async () => {
    const alice = await signUp(t.app);
    const bob = await signUp(t.app);
    const a = await chatOk(alice, { message: 'add secret plan' });
    const taskId = (a.toolCalls[0]!.result as { id: number }).id;
    const b = await chatOk(bob, { message: `done with ${taskId}` });
    expect(b.toolCalls).toEqual([]);
    expect(b.reply).toMatch(/couldn't find/);
    const bobList = await chatOk(bob, { message: "what's on my list" });
    expect(bobList.reply).not.toContain('secret plan');
    const steal = await chat(bob, { conversationId: a.conversationId, message: 'hello' });
    expect(steal.statusCode).toBe(404);
    const read = await bob.request({
      method: 'GET',
      url: `/api/conversations/${a.conversationId}`,
    });
    expect(read.statusCode).toBe(404);
    const del = await bob.request({
      method: 'DELETE',
      url: `/api/conversations/${a.conversationId}`,
    });
    expect(del.statusCode).toBe(404);
    const task = await alice.request({ method: 'GET', url: `/api/tasks/${taskId}` });
    expect(task.json().completed).toBe(false);
  });

  it('works with an API token as well as a session', async () => {
    const user = await signUp(t.app);
    const token = (
      await user.request({ method: 'POST', url: '/api/tokens', payload: { name: 'chat' } })
    ).json().token;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { authorization: `Bearer ${token}` },
      payload: { message: 'add renew passport' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().toolCalls[0].name).toBe('add_task');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/chat',
      payload: { message: 'hi' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it.each([
    [{}, 'message'],
    [{ message: '   ' }, 'message'],
    [{ message: 'x'.repeat(4001) }, 'message'],
    [{ message: 'hi', conversationId: 'not-a-uuid' }, 'conversationId'],
    [{ message: 'hi', timeZone: 'Mars/Base' }, 'timeZone'],
    [{ message: 'hi', extra: true }, 'extra'],
  ])('rejects %j naming %s', async (payload, field) => {
    const user = await signUp(t.app);
    const res = await chat(user, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toContain(field);
  });

  it('answers an unknown conversation with 404 and accepts 4000 characters', async () => {
    const user = await signUp(t.app);
    const res = await chat(user, {
      conversationId: '00000000-0000-4000-8000-000000000000',
      message: 'hi',
    });
    expect(res.statusCode).toBe(404);
    const long = await chat(user, { message: `add ${'x'.repeat(3996)}` });
    expect(long.statusCode).toBe(200);
    // The title is too long for a task: the agent says so instead of failing.
    expect(long.json().reply).toMatch(/couldn't add that/);
  });
});

describe('conversations', () => {
  it('lists, shows and deletes conversations with their messages', async () => {
    const user = await signUp(t.app);
    const first = await chatOk(user, { message: 'add water plants' });
    await chatOk(user, { conversationId: first.conversationId, message: 'show my tasks' });
    const second = await chatOk(user, { message: 'hello there' });

    const list = (await user.request({ method: 'GET', url: '/api/conversations' })).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([
      second.conversationId,
      first.conversationId,
    ]);
    expect(list.items[1].title).toBe('add water plants');

    const detail = (
      await user.request({ method: 'GET', url: `/api/conversations/${first.conversationId}` })
    ).json();
    expect(detail.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(detail.messages[1].toolCalls[0].name).toBe('add_task');
    expect(detail.messages[0]).not.toHaveProperty('state');

    const del = await user.request({
      method: 'DELETE',
      url: `/api/conversations/${first.conversationId}`,
    });
    expect(del.statusCode).toBe(204);
    const after = (await user.request({ method: 'GET', url: '/api/conversations' })).json();
    expect(after.items).toHaveLength(1);
    // Deleting a conversation keeps the tasks it created.
    expect((await user.request({ method: 'GET', url: '/api/tasks' })).json().items).toHaveLength(1);
  });
});

describe('persistence', () => {
  it('continues a conversation after the API restarts', async () => {
    // PGlite on disk, or a PostgreSQL database, outlives the app instance.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-chat-'));
    const open = async (): Promise<DbHandle> => {
      if (usingPostgres()) return reopen ?? (reopen = await openTestDatabase());
      const handle = await createDb({ dataDir });
      await handle.migrate();
      return handle;
    };
    let reopen: DbHandle | undefined;
    const start = async (database: DbHandle): Promise<FastifyInstance> => {
      const app = await buildApp(testConfig(), { database, logger: false });
      await app.ready();
      return app;
    };

    let database = await open();
    let app = await start(database);
    const user = await signUp(app);
    const add = async (message: string, conversationId?: string) =>
      (
        await user.request({
          method: 'POST',
          url: '/api/chat',
          payload: { message, conversationId },
        })
      ).json();
    await add('add call mom');
    await add('add call the plumber');
    const ask = await add('delete the call task');
    expect(ask.reply).toMatch(/Which one/);
    await app.close();
    if (!usingPostgres()) await database.close();

    database = await open();
    app = await start(database);
    const again = {
      ...user,
      request: (o: Parameters<TestUser['request']>[0]) =>
        app.inject({ ...o, headers: { origin: APP_ORIGIN, ...o.headers, cookie: user.cookie } }),
    };
    const res = await again.request({
      method: 'POST',
      url: '/api/chat',
      payload: { conversationId: ask.conversationId, message: 'the second one' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().toolCalls.map((c: { name: string }) => c.name)).toEqual(['delete_task']);
    const history = await again.request({
      method: 'GET',
      url: `/api/conversations/${ask.conversationId}`,
    });
    expect(history.json().messages).toHaveLength(4);
    await app.close();
    await database.close();
  });
});
