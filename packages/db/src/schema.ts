import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Millisecond precision: values round-trip exactly through JavaScript Dates, which keyset
// pagination cursors rely on.
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

const timestamps = {
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
};

// --- auth (better-auth's core tables, plural names) -------------------------------------

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  ...timestamps,
});

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: ts('expires_at').notNull(),
    token: text('token').notNull().unique(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: ts('access_token_expires_at'),
    refreshTokenExpiresAt: ts('refresh_token_expires_at'),
    scope: text('scope'),
    password: text('password'),
    ...timestamps,
  },
  (t) => [index('accounts_user_id_idx').on(t.userId)],
);

export const verifications = pgTable(
  'verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: ts('expires_at').notNull(),
    ...timestamps,
  },
  (t) => [index('verifications_identifier_idx').on(t.identifier)],
);

// --- tasks -------------------------------------------------------------------------------

// Declared low → high so that ORDER BY priority sorts by importance.
export const priorityEnum = pgEnum('task_priority', ['low', 'medium', 'high']);

export const tasks = pgTable(
  'tasks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The task's number for its user (#1 is a new user's first task); the API calls it `id`. */
    number: integer('number').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    completed: boolean('completed').notNull().default(false),
    priority: priorityEnum('priority').notNull().default('medium'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    dueAt: ts('due_at'),
    completedAt: ts('completed_at'),
    /** RFC 5545 RRULE body; completing the task creates its next occurrence. */
    recurrence: text('recurrence'),
    ...timestamps,
  },
  (t) => [
    // In the order every listing reads (newest first, the number breaking ties): a plan made
    // when the user had few tasks needs no sort of all of them when they have many.
    index('tasks_user_created_idx').on(t.userId, t.createdAt, t.number),
    index('tasks_user_due_idx').on(t.userId, t.dueAt),
    uniqueIndex('tasks_user_number_idx').on(t.userId, t.number),
    // A chat listing by priority ("show high priority") reads only the newest tasks it shows.
    index('tasks_user_priority_created_idx').on(t.userId, t.priority, t.createdAt, t.number),
  ],
);

/**
 * How many tasks each user has per status and priority, kept by a trigger on `tasks`
 * (migration 0005): a chat listing says "You have 4,812 pending tasks" without counting them.
 * Committed state only: the trigger is deferred to the end of the writing transaction.
 */
export const taskTallies = pgTable('task_tallies', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  pendingLow: integer('pending_low').notNull().default(0),
  pendingMedium: integer('pending_medium').notNull().default(0),
  pendingHigh: integer('pending_high').notNull().default(0),
  completedLow: integer('completed_low').notNull().default(0),
  completedMedium: integer('completed_medium').notNull().default(0),
  completedHigh: integer('completed_high').notNull().default(0),
});

/**
 * The tags on a user's tasks, kept by the same trigger: reading them does not depend on how
 * many tasks the user has. `tasks` counts the tasks carrying the tag (the row goes at 0);
 * `newestAt`/`newestNumber`/`position` say which task carried it last (the newest first).
 */
export const userTags = pgTable(
  'user_tags',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    tasks: integer('tasks').notNull(),
    newestAt: ts('newest_at').notNull(),
    newestNumber: integer('newest_number').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tag] })],
);

/** The last task number given to each user: numbers are never reused, even after a delete. */
export const taskCounters = pgTable('task_counters', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  last: integer('last').notNull(),
});

// --- personal API tokens ------------------------------------------------------------------

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** SHA-256 of the token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('api_tokens_user_id_idx').on(t.userId)],
);

// --- chat -----------------------------------------------------------------------------------

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    ...timestamps,
  },
  (t) => [index('conversations_user_updated_idx').on(t.userId, t.updatedAt)],
);

export const messageRole = pgEnum('message_role', ['user', 'assistant']);

export const messages = pgTable(
  'messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: messageRole('role').notNull(),
    content: text('content').notNull(),
    /** The tool calls the assistant made in this turn: [{ name, arguments, result }]. */
    toolCalls: jsonb('tool_calls').notNull().default([]),
    /** What the assistant is waiting for (a choice, a confirmation), carried to the next turn. */
    state: jsonb('state'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('messages_conversation_idx').on(t.conversationId, t.id)],
);

export type TaskRow = typeof tasks.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
