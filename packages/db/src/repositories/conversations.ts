import type { ChatMessage, Conversation, TaskCreate, ToolCall } from '@todo/contracts';
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { prebuilt, rawQuery } from '../prebuilt';
import { conversations, messages, tasks } from '../schema';
import { taskValues } from './tasks';

const iso = (d: Date) => d.toISOString();
/** UTC ISO-8601 text, formatted by PostgreSQL (the shape `iso` gives). */
const isoOf = (column: SQL) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface StoredMessage extends ChatMessage {
  /** What the assistant was waiting for after this message, if anything. */
  state: unknown;
}

/** A task a chat turn created and kept in memory, stored with the turn's record (record). */
export interface KeptTask {
  /** From TaskRepository.reserveNumber. */
  number: number;
  input: TaskCreate;
  /** Its created_at and updated_at (TaskRepository.create with the same values). */
  at: Date;
}

export interface NewMessage {
  role: 'user' | 'assistant';
  content: string;
  toolCalls?: ToolCall[];
  state?: unknown;
}

const keptValues = (task: KeptTask) => {
  const v = taskValues(task.input);
  return {
    taskNumber: task.number,
    taskTitle: v.title,
    taskDescription: v.description,
    taskPriority: v.priority,
    taskTags: v.tags,
    taskDueAt: v.dueAt,
    taskRecurrence: v.recurrence,
    taskAt: task.at,
  };
};

/** Conversations and their messages; every query is scoped to the owner. */
export function createConversationRepository(db: Db) {
  const owned = (userId: string, id: string) =>
    and(eq(conversations.userId, userId), eq(conversations.id, id));

  const toMessage = (row: typeof messages.$inferSelect): StoredMessage => ({
    id: row.id,
    role: row.role,
    content: row.content,
    toolCalls: row.toolCalls as ToolCall[],
    createdAt: iso(row.createdAt),
    state: row.state,
  });

  const toConversation = (row: typeof conversations.$inferSelect): Conversation => ({
    id: row.id,
    title: row.title,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  });

  // A turn's record (see `record`), prepared once per connection: into a new conversation
  // or into one that exists (touched, if it is still the user's).
  const p = (name: 'userId' | 'conversationId' | 'title' | 'turn') => sql.placeholder(name);
  // The kept task's row, inserted only when the conversation is there (the user's): `c` is
  // empty otherwise, and the turn stores nothing. Values go through the columns' encoders.
  const t = (name: 'Number' | 'Title' | 'Description' | 'Priority' | 'Recurrence') =>
    sql.placeholder(`task${name}`);
  const taskInsert = sql`,
        t AS (
          INSERT INTO ${tasks} (user_id, number, title, description, priority, tags, due_at,
            recurrence, created_at, updated_at)
          SELECT c.user_id, ${t('Number')}::int, ${t('Title')}::text, ${t('Description')}::text,
            ${t('Priority')}::task_priority, ${sql.param(sql.placeholder('taskTags'), tasks.tags)}::text[],
            ${sql.param(sql.placeholder('taskDueAt'), tasks.dueAt)}::timestamptz, ${t('Recurrence')}::text,
            ${sql.param(sql.placeholder('taskAt'), tasks.createdAt)}::timestamptz,
            ${sql.param(sql.placeholder('taskAt'), tasks.updatedAt)}::timestamptz
          FROM c
        )`;
  const recordIn = (conversation: SQL, withTask = false) =>
    rawQuery(
      db,
      sql`WITH c AS (${conversation})${withTask ? taskInsert : sql``},
        m AS (
          INSERT INTO ${messages} (conversation_id, role, content, tool_calls, state)
          SELECT c.id, (x.m->>'role')::message_role, x.m->>'content', x.m->'tool_calls',
            nullif(x.m->'state', 'null'::jsonb)
          FROM c, jsonb_array_elements(${p('turn')}::jsonb) WITH ORDINALITY AS x(m, n)
          ORDER BY x.n
        )
        SELECT c.id, c.title, ${isoOf(sql`c.created_at`)} AS created_at,
          ${isoOf(sql`c.updated_at`)} AS updated_at
        FROM c`,
    );
  type Recorded = { id: string; title: string; created_at: string; updated_at: string };
  type RecordValues = {
    userId: string;
    conversationId: string | null;
    title: string;
    turn: string;
  };
  type TaskValues = RecordValues & {
    taskNumber: number;
    taskTitle: string;
    taskDescription: string | null;
    taskPriority: string;
    taskTags: string[];
    taskDueAt: Date | null;
    taskRecurrence: string | null;
    taskAt: Date;
  };
  const newConversation = sql`INSERT INTO ${conversations} (user_id, title) VALUES (${p('userId')}, ${p('title')}) RETURNING *`;
  const touchedConversation = sql`UPDATE ${conversations} SET updated_at = now()
          WHERE ${conversations.userId} = ${p('userId')} AND ${conversations.id} = ${p('conversationId')}::uuid
          RETURNING *`;
  const recordInNew = prebuilt<Recorded, RecordValues>(db, 'conversation_record_new', () =>
    recordIn(newConversation),
  );
  const recordInExisting = prebuilt<Recorded, RecordValues>(db, 'conversation_record', () =>
    recordIn(touchedConversation),
  );
  const recordWithTaskInNew = prebuilt<Recorded, TaskValues>(
    db,
    'conversation_record_new_task',
    () => recordIn(newConversation, true),
  );
  const recordWithTaskInExisting = prebuilt<Recorded, TaskValues>(
    db,
    'conversation_record_task',
    () => recordIn(touchedConversation, true),
  );

  return {
    async create(userId: string, title: string): Promise<Conversation> {
      const [row] = await db.insert(conversations).values({ userId, title }).returning();
      return toConversation(row!);
    },

    async get(userId: string, id: string): Promise<Conversation | null> {
      const [row] = await db.select().from(conversations).where(owned(userId, id));
      return row ? toConversation(row) : null;
    },

    async list(userId: string, limit = 50): Promise<Conversation[]> {
      const rows = await db
        .select()
        .from(conversations)
        .where(eq(conversations.userId, userId))
        .orderBy(desc(conversations.updatedAt), desc(conversations.createdAt))
        .limit(limit);
      return rows.map(toConversation);
    },

    /**
     * At most `limit` messages, oldest first (the caller has checked ownership): the latest ones, or those before message
     * `before`. `olderBefore` is where the next (older) page starts, or null.
     */
    async page(
      conversationId: string,
      { limit, before }: { limit: number; before?: number },
    ): Promise<{ messages: StoredMessage[]; olderBefore: number | null }> {
      const rows = await db
        .select()
        .from(messages)
        .where(
          before === undefined
            ? eq(messages.conversationId, conversationId)
            : and(eq(messages.conversationId, conversationId), lt(messages.id, before)),
        )
        .orderBy(desc(messages.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit).reverse().map(toMessage);
      return { messages: page, olderBefore: rows.length > limit ? page[0]!.id : null };
    },

    /** Appends a turn's messages atomically and touches the conversation. */
    async append(conversationId: string, turn: NewMessage[]): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.insert(messages).values(
          turn.map((m) => ({
            conversationId,
            role: m.role,
            content: m.content,
            toolCalls: m.toolCalls ?? [],
            state: m.state ?? null,
          })),
        );
        await tx
          .update(conversations)
          .set({ updatedAt: sql`now()` })
          .where(eq(conversations.id, conversationId));
      });
    },

    /**
     * A chat turn's record in one statement (one round trip, atomic without a transaction of
     * its own): the conversation, created when `conversationId` is null and touched otherwise,
     * and the turn's messages in order, and the task the turn created when `task` is given
     * (a turn whose only write was that add: then the turn is this one statement). Null when
     * that conversation is not the user's (any more): then nothing is stored, the task neither.
     */
    async record(
      userId: string,
      conversationId: string | null,
      title: string,
      turn: NewMessage[],
      task?: KeptTask,
    ): Promise<Conversation | null> {
      const values: RecordValues = {
        userId,
        conversationId,
        title,
        turn: JSON.stringify(
          turn.map((m) => ({
            role: m.role,
            content: m.content,
            tool_calls: m.toolCalls ?? [],
            state: m.state ?? null,
          })),
        ),
      };
      const [row] = task
        ? await (conversationId ? recordWithTaskInExisting : recordWithTaskInNew)({
            ...values,
            ...keptValues(task),
          })
        : await (conversationId ? recordInExisting : recordInNew)(values);
      return row
        ? { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at }
        : null;
    },

    async remove(userId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(conversations)
        .where(owned(userId, id))
        .returning({ id: conversations.id });
      return rows.length > 0;
    },
  };
}

export type ConversationRepository = ReturnType<typeof createConversationRepository>;
