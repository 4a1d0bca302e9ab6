import { randomUUID } from 'node:crypto';
import {
  createConversationRepository,
  createTaskRepository,
  queryRows,
  users,
  type DbHandle,
} from '@todo/db';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTurnUnit } from '../src/routes/chat/turn-unit';
import { chatClient } from './fakes/model-app';
import {
  openTestDatabase,
  signUp,
  startTestApp,
  usingPostgres,
  type TestApp,
  type TestUser,
} from './helpers';

// A turn whose only write is one add keeps the row in memory and stores it in the record's
// statement (turn-unit.ts): it must answer with the row it stores, store it only with the
// record, and stay undoable.

const turn = (message: string) => [
  { role: 'user' as const, content: message },
  { role: 'assistant' as const, content: 'Added.' },
];

async function storedOf(database: DbHandle, userId: string) {
  const [row] = await queryRows<{ tasks: number; conversations: number; messages: number }>(
    database.db,
    sql`SELECT
          (SELECT count(*)::int FROM tasks WHERE user_id = ${userId}) AS tasks,
          (SELECT count(*)::int FROM conversations WHERE user_id = ${userId}) AS conversations,
          (SELECT count(*)::int FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.user_id = ${userId}) AS messages`,
  );
  return row!;
}

describe('a chat turn that only adds a task', () => {
  let t: TestApp;
  let user: TestUser;
  const { chat, tasks } = chatClient(() => user);
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers with the task it stores, timestamps included, and its undo deletes it', async () => {
    user = await signUp(t.app);
    const before = Date.now();
    const added = await chat('add buy oat milk tomorrow at 5pm #home');
    expect(added.toolCalls.map((c: { name: string }) => c.name)).toEqual(['add_task']);
    const answered = added.toolCalls[0].result;
    const rest = await user.request({ method: 'GET', url: `/api/tasks/${answered.id}` });
    expect(rest.statusCode).toBe(200);
    // The same task, key for key: the reply, the stored tool call and REST agree.
    expect(rest.json()).toEqual(answered);
    expect(answered).toMatchObject({ title: 'Buy oat milk', tags: ['home'], completed: false });
    expect(answered.updatedAt).toBe(answered.createdAt);
    expect(Date.parse(answered.createdAt)).toBeGreaterThanOrEqual(before - 1);
    const detail = await user.request({
      method: 'GET',
      url: `/api/conversations/${added.conversationId}`,
    });
    expect(detail.json().messages[1].toolCalls[0].result).toEqual(answered);
    // The tallies kept by the deferred trigger (migration 0005) count it.
    const [tally] = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT coalesce(sum(pending_medium), 0)::int AS n FROM task_tallies WHERE user_id = ${user.userId}`,
    );
    expect(tally!.n).toBe(1);

    const undone = await chat('undo', added.conversationId);
    expect(undone.toolCalls.map((c: { name: string }) => c.name)).toEqual(['delete_task']);
    expect(await tasks()).toEqual([]);
    // A second add in the same conversation takes the next number.
    const again = await chat('add buy oat milk', added.conversationId);
    expect(again.toolCalls[0].result.id).toBe(answered.id + 1);
    expect((await tasks()).map((x) => x.title)).toEqual(['Buy oat milk']);
  });
});

describe('the turn unit with one add', () => {
  let database: DbHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database?.close());
  afterEach(() => vi.restoreAllMocks());

  const newUser = async () => {
    const userId = randomUUID();
    await database.db
      .insert(users)
      .values({ id: userId, name: 'U', email: `${userId}@example.com` });
    return userId;
  };

  it('stores nothing when the record stores nothing (the conversation is gone)', async () => {
    const userId = await newUser();
    const pooled = createTaskRepository(database.db);
    const unit = openTurnUnit(database.db, pooled, 30_000);
    const added = await unit.tasks.create(userId, { title: 'kept' });
    expect(added.id).toBe(1);
    expect(unit.wrote()).toBe(true);
    const recorded = await unit.commit((repo) =>
      repo.record(userId, randomUUID(), 'kept', turn('add kept')),
    );
    expect(recorded).toBeNull();
    expect(await storedOf(database, userId)).toEqual({ tasks: 0, conversations: 0, messages: 0 });
    // Its number was taken on its own and stays used, as a deleted task's does.
    expect((await pooled.create(userId, { title: 'next' })).id).toBe(2);
  });

  it('stores nothing when the record statement fails: the add is atomic with it', async () => {
    const userId = await newUser();
    await database.db.execute(
      sql.raw(`CREATE FUNCTION fail_all_messages() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected failure: no message can be stored'; END $$`),
    );
    await database.db.execute(
      sql`CREATE TRIGGER fail_all_messages BEFORE INSERT ON messages
          FOR EACH ROW EXECUTE FUNCTION fail_all_messages()`,
    );
    try {
      const pooled = createTaskRepository(database.db);
      const unit = openTurnUnit(database.db, pooled, 30_000);
      await unit.tasks.create(userId, { title: 'kept', tags: ['x'] });
      await expect(
        unit.commit((repo) => repo.record(userId, null, 'kept', turn('add kept'))),
      ).rejects.toThrow(/injected failure/);
      expect(await storedOf(database, userId)).toEqual({
        tasks: 0,
        conversations: 0,
        messages: 0,
      });
      const tallies = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT coalesce(sum(pending_medium), 0)::int AS n FROM task_tallies WHERE user_id = ${userId}`,
      );
      expect(tallies[0]!.n).toBe(0);
    } finally {
      await database.db.execute(sql`DROP TRIGGER fail_all_messages ON messages`);
      await database.db.execute(sql`DROP FUNCTION fail_all_messages()`);
    }
  });

  it('a read after the add sees it, in the transaction, and the commit stores it once', async () => {
    const userId = await newUser();
    const pooled = createTaskRepository(database.db);
    const unit = openTurnUnit(database.db, pooled, 30_000);
    const added = await unit.tasks.create(userId, { title: 'kept' });
    const seen = await unit.tasks.get(userId, added.id);
    expect(seen).toEqual(added);
    const recorded = await unit.commit((repo) => repo.record(userId, null, 'kept', turn('add')));
    expect(recorded).not.toBeNull();
    expect(await storedOf(database, userId)).toEqual({ tasks: 1, conversations: 1, messages: 2 });
    expect(await pooled.get(userId, added.id)).toEqual(added);
  });

  it('a rolled-back turn stores nothing', async () => {
    const userId = await newUser();
    const pooled = createTaskRepository(database.db);
    const unit = openTurnUnit(database.db, pooled, 30_000);
    await unit.tasks.create(userId, { title: 'kept' });
    await unit.rollback();
    await expect(unit.commit(async () => null)).rejects.toThrow(/ended/);
    expect(await storedOf(database, userId)).toEqual({ tasks: 0, conversations: 0, messages: 0 });
  });

  // The point of it all: what the add costs in round trips to PostgreSQL. Each query of the
  // pool goes through pg.Client#query once (BEGIN and COMMIT included).
  it.runIf(usingPostgres())(
    'an add and its record are 2 round trips: the number, then one statement',
    async () => {
      const userId = await newUser();
      const pooled = createTaskRepository(database.db);
      const conversations = createConversationRepository(database.db);
      const first = await conversations.record(userId, null, 'earlier', turn('hello'));
      const queries = vi.spyOn(pg.Client.prototype, 'query');
      const sent = () =>
        queries.mock.calls.map(([q]) =>
          (typeof q === 'string' ? q : (q as { text: string }).text)
            .trim()
            .split(/\s+/)[0]!
            .toLowerCase(),
        );

      const unit = openTurnUnit(database.db, pooled, 30_000, true);
      const added = await unit.tasks.create(userId, { title: 'one statement' });
      await unit.commit((repo) => repo.record(userId, first!.id, 'earlier', turn('add it')));
      expect(sent()).toEqual(['insert', 'with']);
      expect(await pooled.get(userId, added.id)).toEqual(added);

      // Two adds need the transaction: number, BEGIN, insert, insert, record, COMMIT.
      queries.mockClear();
      const two = openTurnUnit(database.db, pooled, 30_000, true);
      await two.tasks.create(userId, { title: 'a' });
      await two.tasks.create(userId, { title: 'b' });
      await two.commit((repo) => repo.record(userId, first!.id, 'earlier', turn('add a and b')));
      expect(sent()).toEqual(['insert', 'begin', 'insert', 'with', 'with', 'commit']);
      expect(await storedOf(database, userId)).toEqual({
        tasks: 3,
        conversations: 1,
        messages: 6,
      });
    },
  );
});
