import { sql } from 'drizzle-orm';
import { queryRows } from '@todo/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatClient, parseSse, useFakeModelApp } from './fakes/model-app';
import { signUp, startTestApp, type TestApp, type TestUser } from './helpers';

// Issue 18, finding 8: a chat turn's task writes and its conversation record commit together
// or not at all. The failure is injected by a real trigger in the database: storing a message
// of a user on the list fails, after the turn's tool has written its task.
async function installFailingSave(t: TestApp) {
  await t.database.db.execute(sql`CREATE TABLE fail_message_saves (user_id text PRIMARY KEY)`);
  await t.database.db.execute(
    sql.raw(`CREATE FUNCTION fail_message_save() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM fail_message_saves f JOIN conversations c ON c.user_id = f.user_id
                   WHERE c.id = NEW.conversation_id) THEN
          RAISE EXCEPTION 'injected failure: the message cannot be stored';
        END IF;
        RETURN NEW;
      END $$`),
  );
  await t.database.db.execute(
    sql`CREATE TRIGGER fail_message_save BEFORE INSERT ON messages
        FOR EACH ROW EXECUTE FUNCTION fail_message_save()`,
  );
}

const failSavesOf = (t: TestApp, user: TestUser, fail: boolean) =>
  t.database.db.execute(
    fail
      ? sql`INSERT INTO fail_message_saves VALUES (${user.userId})`
      : sql`DELETE FROM fail_message_saves WHERE user_id = ${user.userId}`,
  );

/** What the database holds for the user: tasks, conversations and messages. */
async function stored(t: TestApp, user: TestUser) {
  const [row] = await queryRows<{ tasks: number; conversations: number; messages: number }>(
    t.database.db,
    sql`SELECT
          (SELECT count(*)::int FROM tasks WHERE user_id = ${user.userId}) AS tasks,
          (SELECT count(*)::int FROM conversations WHERE user_id = ${user.userId}) AS conversations,
          (SELECT count(*)::int FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.user_id = ${user.userId}) AS messages`,
  );
  return row!;
}

/** A turn that fails after its tool wrote: nothing stays, the answer says so, a retry adds one. */
function turnIsAtomic(app: () => TestApp, script: () => void) {
  let user: TestUser;
  const { chat, stream, tasks } = chatClient(() => user);
  beforeEach(async () => {
    user = await signUp(app().app);
  });

  it('JSON: a failure after the tool wrote saves nothing, and a retry adds the task once', async () => {
    await failSavesOf(app(), user, true);
    script();
    const res = await user.request({
      method: 'POST',
      url: '/api/chat',
      payload: { message: 'add buy oat milk' },
    });
    expect(await stored(app(), user)).toEqual({ tasks: 0, conversations: 0, messages: 0 });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.message).toMatch(/nothing from this message was saved/);

    await failSavesOf(app(), user, false);
    script();
    const retry = await chat('add buy oat milk');
    expect(retry.toolCalls.map((c: { name: string }) => c.name)).toEqual(['add_task']);
    expect((await tasks()).map((x) => x.title)).toEqual(['Buy oat milk']);
    expect(await stored(app(), user)).toEqual({ tasks: 1, conversations: 1, messages: 2 });
  });

  it('SSE: the tool card was sent, then an error event says nothing was saved', async () => {
    await failSavesOf(app(), user, true);
    script();
    const res = await user.request({
      method: 'POST',
      url: '/api/chat',
      headers: { accept: 'text/event-stream' },
      payload: { message: 'add buy oat milk' },
    });
    expect(await stored(app(), user)).toEqual({ tasks: 0, conversations: 0, messages: 0 });
    const events = parseSse(res.body);
    expect(events[0]).toMatchObject({ event: 'tool', data: { name: 'add_task' } });
    expect(events.at(-1)).toMatchObject({
      event: 'error',
      data: { saved: false, message: expect.stringMatching(/nothing from this message was saved/) },
    });
    expect(events.some((e) => e.event === 'done')).toBe(false);

    await failSavesOf(app(), user, false);
    script();
    const retry = await stream('add buy oat milk');
    expect(retry.at(-1)!.event).toBe('done');
    expect(await stored(app(), user)).toEqual({ tasks: 1, conversations: 1, messages: 2 });
  });

  it('a failure in a conversation that exists keeps its earlier turns and adds nothing', async () => {
    script();
    const first = await chat('add buy oat milk');
    await failSavesOf(app(), user, true);
    script();
    const res = await user.request({
      method: 'POST',
      url: '/api/chat',
      payload: { message: 'add buy oat milk', conversationId: first.conversationId },
    });
    expect(res.statusCode).toBe(500);
    expect(await stored(app(), user)).toEqual({ tasks: 1, conversations: 1, messages: 2 });
  });
}

describe('offline engine: a turn commits its writes with its conversation record', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await installFailingSave(t);
  });
  afterAll(() => t.close());
  turnIsAtomic(
    () => t,
    () => {},
  );
});

describe('LLM (FAKE model): a turn commits its writes with its conversation record', () => {
  const llm = useFakeModelApp();
  beforeAll(() => installFailingSave(llm.t));
  turnIsAtomic(
    () => llm.t,
    () =>
      llm.fake.script([
        { toolCalls: [{ name: 'add_task', arguments: { title: 'Buy oat milk' } }] },
        { content: 'Added **Buy oat milk**.' },
      ]),
  );
});

// A stalled turn must not keep its locks: its transaction has the idle limit, whether the
// pool's connections carry it from the start (production) or the turn sets it (SET LOCAL).
// A trigger records the setting in force when the turn's tool changes a task. (A turn that only
// adds one opens no transaction: its add is stored with its record, in one statement.)
describe("a turn's transaction ends itself when left idle", () => {
  for (const [name, options] of [
    ['connections with the limit', { idleInTransactionTimeoutMs: 30_000 }],
    ['the turn sets it', {}],
  ] as const) {
    it(name, async () => {
      const t = await startTestApp({}, options);
      try {
        const user = await signUp(t.app);
        const added = await user.request({
          method: 'POST',
          url: '/api/tasks',
          payload: { title: 'Buy oat milk' },
        });
        expect(added.statusCode).toBe(201);
        await t.database.db.execute(sql`CREATE TABLE seen_limits (value text)`);
        await t.database.db.execute(
          sql.raw(`CREATE FUNCTION record_limit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO seen_limits VALUES (current_setting('idle_in_transaction_session_timeout'));
              RETURN NEW;
            END $$`),
        );
        await t.database.db.execute(
          sql`CREATE TRIGGER record_limit BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION record_limit()`,
        );
        const res = await user.request({
          method: 'POST',
          url: '/api/chat',
          payload: { message: 'done with buy oat milk' },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().toolCalls.map((c: { name: string }) => c.name)).toEqual([
          'complete_task',
        ]);
        const rows = await queryRows<{ value: string }>(
          t.database.db,
          sql`SELECT value FROM seen_limits`,
        );
        expect(rows).toEqual([{ value: '30s' }]);
      } finally {
        await t.close();
      }
    });
  }
});
