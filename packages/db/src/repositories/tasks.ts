import {
  isStorableText,
  startOfDay,
  type SortOrder,
  type Task,
  type TaskCounts,
  type TaskCreate,
  type TaskListQuery,
  type TaskSort,
  type TaskUpdate,
} from '@todo/contracts';
import {
  and,
  arrayContains,
  asc,
  desc,
  eq,
  ilike,
  isNull,
  lt,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { queryRows, type Db } from '../client';
import { prebuilt, rawQuery } from '../prebuilt';
import { nextOccurrence } from '../recurrence';
import {
  taskCounters,
  taskTallies,
  tasks,
  userTags as userTagsTable,
  type TaskRow,
} from '../schema';

/** A `cursor` that this API did not hand out, or that belongs to another sort. */
export class InvalidCursorError extends Error {
  constructor() {
    super('is not a cursor from a previous page of this listing');
  }
}

/** The set a chat message names ("my overdue work tasks"), as the database can select it. */
export interface TaskFind {
  status?: 'pending' | 'completed' | 'all';
  priority?: Task['priority'];
  tag?: string;
  /** Due at or after this instant. */
  dueFrom?: Date;
  /** Due before this instant. */
  dueBefore?: Date;
  /** Without a due date. */
  undated?: boolean;
  /** Overdue at this instant: due before it and not completed. */
  overdueAt?: Date;
  /** Completed at or after this instant ("what did I finish yesterday"). */
  completedFrom?: Date;
  /** Completed before this instant. */
  completedBefore?: Date;
}

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

type CursorKey = string | number | null;
interface Cursor {
  s: TaskSort;
  o: SortOrder;
  k: CursorKey;
  id: number;
}

const defaultOrder: Record<TaskSort, SortOrder> = {
  created: 'desc',
  due: 'asc',
  priority: 'desc',
  title: 'asc',
};

const priorityRank = { low: 0, medium: 1, high: 2 } as const;
const rankPriority = ['low', 'medium', 'high'] as const;
/** A priority as SQL text may hold it: one of the three names, never anything else. */
const priorityName = (p: Task['priority']) => {
  if (!rankPriority.includes(p)) throw new Error(`not a priority: ${String(p)}`);
  return p;
};

/** UTC ISO-8601 text, formatted by PostgreSQL: rows come back already in the API's shape. */
const isoText = (column: typeof tasks.createdAt | typeof tasks.dueAt) =>
  sql<string | null>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns of a Task, selected so that each row already has the Task's shape. */
const taskColumns = {
  // The API's task id is the user's task number (#1 is a user's first task), never the row id.
  id: sql<number>`${tasks.number}`.mapWith(Number).as('id'),
  title: tasks.title,
  description: tasks.description,
  completed: tasks.completed,
  priority: tasks.priority,
  tags: tasks.tags,
  // Aliased, so that rows of the prebuilt queries (no row mapping) carry the same keys.
  dueAt: isoText(tasks.dueAt).as('dueAt'),
  createdAt: isoText(tasks.createdAt).mapWith(String).as('createdAt'),
  updatedAt: isoText(tasks.updatedAt).mapWith(String).as('updatedAt'),
  completedAt: isoText(tasks.completedAt).as('completedAt'),
  recurrence: tasks.recurrence,
};

interface FindValues extends Record<string, unknown> {
  userId: string;
  limit: number;
  completed: boolean | null;
  priority: Task['priority'] | null;
  tag: string | null;
  undated: boolean;
  dueFrom: Date | null;
  dueBefore: Date | null;
  overdueAt: Date | null;
  completedFrom: Date | null;
  completedBefore: Date | null;
}

/** Tasks whose tags count as the user's tags: the newest, so the read stays bounded. */
const TAGGED_TASKS = 1000;

/** The tags of a user's newest tasks, those of the newest tasks first. */
const userTags = (userId: unknown, limit: unknown) =>
  sql`SELECT t.tag
      FROM (SELECT ${tasks.tags} AS tags, ${tasks.createdAt} AS created_at, ${tasks.number} AS number
            FROM ${tasks} WHERE ${tasks.userId} = ${userId}
            ORDER BY ${tasks.createdAt} DESC, ${tasks.number} DESC LIMIT ${TAGGED_TASKS}) AS newest,
        unnest(newest.tags) WITH ORDINALITY AS t(tag, n)
      GROUP BY t.tag
      ORDER BY max(newest.created_at) DESC, max(newest.number) DESC, min(t.n)
      LIMIT ${limit}`;

/** A new task's columns from its input, as every insert stores them. */
export const taskValues = (input: TaskCreate) => ({
  title: input.title,
  description: input.description ?? null,
  priority: input.priority ?? 'medium',
  tags: input.tags ?? [],
  dueAt: input.dueAt ? new Date(input.dueAt) : null,
  recurrence: input.recurrence ?? null,
});

/**
 * The task that `create(userId, input, number, at)` stores and returns, built without the
 * database: a chat turn answers with it and writes the row later, with its record.
 */
export function numberedTask(input: TaskCreate, number: number, at: Date): Task {
  const v = taskValues(input);
  const created = at.toISOString();
  // The keys in the order of taskColumns, as the database returns them.
  return {
    id: number,
    title: v.title,
    description: v.description,
    completed: false,
    priority: v.priority,
    tags: [...v.tags],
    dueAt: v.dueAt ? v.dueAt.toISOString() : null,
    createdAt: created,
    updatedAt: created,
    completedAt: null,
    recurrence: v.recurrence,
  };
}

/** All SQL about tasks lives here; every query is scoped to one user. */
export function createTaskRepository(db: Db) {
  const owned = (userId: string, id: number) => and(eq(tasks.userId, userId), eq(tasks.number, id));
  // The hottest queries (the default list, create), built once; see prebuilt.ts.
  const newest = prebuilt<Task, { userId: string; limit: number }>(db, 'tasks_newest', () =>
    db
      .select(taskColumns)
      .from(tasks)
      .where(eq(tasks.userId, sql.placeholder('userId')))
      .orderBy(desc(tasks.createdAt), desc(tasks.number))
      .limit(sql.placeholder('limit')),
  );
  // The user's next task number and the row in one statement (one round trip): the counter
  // row's lock orders concurrent creates of one user, so no number is given twice.
  const bumpCounter = () =>
    db
      .insert(taskCounters)
      .values({ userId: sql.placeholder('userId'), last: 1 })
      .onConflictDoUpdate({
        target: taskCounters.userId,
        set: { last: sql`${taskCounters.last} + 1` },
      })
      .returning({ last: taskCounters.last });
  const nextNumber = () => db.$with('next_number').as(bumpCounter());
  const insert = prebuilt<Task, Record<keyof TaskCreate | 'userId', unknown>>(
    db,
    'tasks_insert',
    () => {
      const next = nextNumber();
      return db
        .with(next)
        .insert(tasks)
        .values({
          userId: sql.placeholder('userId'),
          number: sql`(SELECT ${next.last} FROM ${next})`,
          title: sql.placeholder('title'),
          description: sql.placeholder('description'),
          priority: sql.placeholder('priority'),
          tags: sql.placeholder('tags'),
          dueAt: sql.placeholder('dueAt'),
          recurrence: sql.placeholder('recurrence'),
        })
        .returning(taskColumns);
    },
  );

  // A number given out on its own (reserveNumber), and a row that brings its number.
  const reserve = prebuilt<{ last: number }, { userId: string }>(
    db,
    'task_number_reserve',
    bumpCounter,
  );
  // Its timestamps come from the API's clock (`at`): a chat turn builds the row in memory
  // first (numberedTask), and the stored row must be the one it answered with.
  const insertNumbered = prebuilt<
    Task,
    Record<keyof TaskCreate | 'userId' | 'number' | 'at', unknown>
  >(db, 'tasks_insert_numbered', () =>
    db
      .insert(tasks)
      .values({
        userId: sql.placeholder('userId'),
        number: sql.placeholder('number'),
        title: sql.placeholder('title'),
        description: sql.placeholder('description'),
        priority: sql.placeholder('priority'),
        tags: sql.placeholder('tags'),
        dueAt: sql.placeholder('dueAt'),
        recurrence: sql.placeholder('recurrence'),
        createdAt: sql.placeholder('at'),
        updatedAt: sql.placeholder('at'),
      })
      .returning(taskColumns),
  );

  // Outside a transaction the tallies and tags kept by the trigger on `tasks` (migration 0005)
  // are read; they are committed state, so a transaction that has written tasks (a chat turn's,
  // after its first write) counts and unnests the tasks themselves, as it sees its own writes.
  const inTransaction = !(db as unknown as { $client?: unknown }).$client;
  const p = (name: Exclude<keyof FindValues, number>) => sql.placeholder(name);
  /** Tags as `tags()` returns them: the newest task's first. */
  const tagsRead = (limit: unknown) =>
    inTransaction
      ? userTags(p('userId'), limit)
      : sql`SELECT ${userTagsTable.tag} FROM ${userTagsTable} WHERE ${userTagsTable.userId} = ${p('userId')}
            ORDER BY ${userTagsTable.newestAt} DESC, ${userTagsTable.newestNumber} DESC, ${userTagsTable.position}
            LIMIT ${limit}`;
  const tagsQuery = prebuilt<{ tag: string }, { userId: string; limit: number }>(
    db,
    inTransaction ? 'tasks_tags_tx' : 'tasks_tags',
    () => rawQuery(db, tagsRead(sql.placeholder('limit'))),
  );
  // A chat listing's set (TaskRepository.find): one prepared statement per combination of the
  // filters a listing uses, so that each is planned for its own indexes (a statement with
  // every filter optional, "$2 IS NULL OR …", could use none of them in a generic plan).
  type FoundRow = Task & { total: string | number; userTags?: string[] };
  const finders = new Map<string, (values: FindValues) => Promise<FoundRow[]>>();
  const finder = (v: FindValues, withTags: boolean) => {
    const used: string[] = (
      ['tag', 'dueFrom', 'dueBefore', 'overdueAt', 'completedFrom', 'completedBefore'] as const
    ).filter((k) => v[k] !== null);
    if (v.undated) used.push('undated');
    // Status and priority are few values: part of the statement, as constants.
    const status = v.completed === null ? 'all' : v.completed ? 'completed' : 'pending';
    const key = [
      status,
      v.priority ?? 'any',
      ...used,
      withTags ? 'tags' : '',
      inTransaction ? 'tx' : '',
    ]
      .filter(Boolean)
      .join('_');
    let run = finders.get(key);
    if (!run) {
      run = prebuilt<FoundRow, FindValues>(db, `tasks_find_${key}`, () =>
        findQuery(v, used, withTags),
      );
      finders.set(key, run);
    }
    return run;
  };
  const findQuery = (v: FindValues, used: string[], withTags: boolean) => {
    const status = v.completed === null ? 'all' : v.completed ? 'completed' : 'pending';
    const has = (k: string) => used.includes(k);
    const where: SQL[] = [sql`${tasks.userId} = ${p('userId')}`];
    if (v.completed !== null) where.push(sql.raw(`"tasks"."completed" = ${v.completed}`));
    if (v.priority) where.push(sql.raw(`"tasks"."priority" = '${priorityName(v.priority)}'`));
    if (has('tag')) where.push(sql`${tasks.tags} @> ARRAY[${p('tag')}::text]`);
    if (has('undated')) where.push(sql`${tasks.dueAt} IS NULL`);
    if (has('dueFrom')) where.push(sql`${tasks.dueAt} >= ${p('dueFrom')}::timestamptz`);
    if (has('dueBefore')) where.push(sql`${tasks.dueAt} < ${p('dueBefore')}::timestamptz`);
    if (has('overdueAt'))
      where.push(sql`${tasks.dueAt} < ${p('overdueAt')}::timestamptz AND NOT ${tasks.completed}`);
    if (has('completedFrom'))
      where.push(sql`${tasks.completedAt} >= ${p('completedFrom')}::timestamptz`);
    if (has('completedBefore'))
      where.push(sql`${tasks.completedAt} < ${p('completedBefore')}::timestamptz`);
    const condition = sql.join(where, sql` AND `);
    // How many the set holds: from the tallies when it is a status and a priority only.
    const tallied = !inTransaction && used.length === 0;
    const columns = (['pending', 'completed'] as const)
      .filter((st) => status === 'all' || st === status)
      .flatMap((st) =>
        rankPriority
          .filter((pr) => !v.priority || pr === v.priority)
          .map((pr) => sql.identifier(`${st}_${pr}`)),
      );
    const total = tallied
      ? sql`coalesce((SELECT ${sql.join(columns, sql` + `)} FROM ${taskTallies}
            WHERE ${taskTallies.userId} = ${p('userId')}), 0)`
      : sql`(SELECT count(*) FROM ${tasks} WHERE ${condition})`;
    const shown = db
      .select(taskColumns)
      .from(tasks)
      .where(condition)
      .orderBy(desc(tasks.createdAt), desc(tasks.number))
      .limit(p('limit'));
    return rawQuery(
      db,
      sql`SELECT ${total} AS total${withTags ? sql`, ARRAY(${tagsRead(500)}) AS "userTags"` : sql``}, f.*
          FROM (SELECT 1) AS one LEFT JOIN (${shown.getSQL()}) AS f ON true
          ORDER BY f."createdAt" DESC, f.id DESC`,
    );
  };

  return {
    async list(userId: string, query: TaskListQuery, now = new Date()): Promise<TaskPage> {
      const order = query.order ?? defaultOrder[query.sort];
      const where: (SQL | undefined)[] = [eq(tasks.userId, userId)];

      if (query.status === 'pending') where.push(eq(tasks.completed, false));
      if (query.status === 'completed') where.push(eq(tasks.completed, true));
      if (query.priority) where.push(eq(tasks.priority, query.priority));
      if (query.tag) where.push(arrayContains(tasks.tags, [query.tag]));
      if (query.q) {
        const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push(or(ilike(tasks.title, pattern), ilike(tasks.description, pattern)));
      }
      if (query.due === 'overdue') {
        where.push(lt(tasks.dueAt, now), eq(tasks.completed, false));
      } else if (query.due) {
        const from = startOfDay(now, query.tz);
        const to = startOfDay(now, query.tz, query.due === 'today' ? 1 : 7);
        where.push(sql`${tasks.dueAt} >= ${from} AND ${tasks.dueAt} < ${to}`);
      }

      const key = sortKey(query.sort);
      if (query.cursor) {
        const cursor = decodeCursor(query.cursor);
        if (cursor.s !== query.sort || cursor.o !== order) throw new InvalidCursorError();
        where.push(afterCursor(query.sort, order, cursor));
      }

      const direction = order === 'asc' ? asc : desc;
      const orderBy =
        query.sort === 'due'
          ? [sql`${tasks.dueAt} ${sql.raw(order)} NULLS LAST`, direction(tasks.number)]
          : [direction(key), direction(tasks.number)];

      const rows: Task[] =
        where.length === 1 && query.sort === 'created' && order === 'desc'
          ? await newest({ userId, limit: query.limit + 1 })
          : await db
              .select(taskColumns)
              .from(tasks)
              .where(and(...where))
              .orderBy(...orderBy)
              .limit(query.limit + 1);

      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      const nextCursor =
        rows.length > query.limit && last
          ? encodeCursor({ s: query.sort, o: order, k: cursorKey(query.sort, last), id: last.id })
          : null;
      return { items, nextCursor };
    },

    /**
     * The newest `limit` tasks of a set, and how many it holds in all (one query): a chat
     * answer about thousands of tasks reads the few it shows, and counts the rest in SQL.
     * `withTags`: the user's tags (see `tags`) come in the same round trip.
     */
    async find(
      userId: string,
      f: TaskFind,
      limit: number,
      withTags = false,
    ): Promise<{ items: Task[]; total: number; tags?: string[] }> {
      const values: FindValues = {
        userId,
        limit,
        completed: f.status === 'pending' ? false : f.status === 'completed' ? true : null,
        priority: f.priority ?? null,
        tag: f.tag?.toLowerCase() ?? null,
        undated: f.undated ?? false,
        dueFrom: f.dueFrom ?? null,
        dueBefore: f.dueBefore ?? null,
        overdueAt: f.overdueAt ?? null,
        completedFrom: f.completedFrom ?? null,
        completedBefore: f.completedBefore ?? null,
      };
      const rows = await finder(values, withTags)(values);
      // With the tags: one row even when no task matches (its task columns are null).
      const items = rows
        .filter((r) => r.id !== null)
        .map(({ total: _total, userTags: _tags, ...task }) => task as Task);
      return {
        items,
        total: Number(rows[0]?.total ?? 0),
        ...(withTags ? { tags: rows[0]?.userTags ?? [] } : {}),
      };
    },

    /**
     * The tags the user's tasks carry, those of the newest tasks first (at most `limit`): what
     * reading "my home stuff" needs, from `user_tags` without reading the tasks (in a
     * transaction, from the newest 1000 tasks, which it sees with its own writes).
     */
    async tags(userId: string, limit = 500): Promise<string[]> {
      const rows = await tagsQuery({ userId, limit });
      return rows.map((r) => r.tag);
    },

    async get(userId: string, id: number): Promise<Task | null> {
      const [task] = await db.select(taskColumns).from(tasks).where(owned(userId, id));
      return task ?? null;
    },

    /**
     * The user's next task number, given out in a statement of its own (committed at once when
     * run outside a transaction). A chat turn takes its number so before its transaction: in
     * the transaction the counter row would stay locked until the turn commits, and every
     * other create of that user would wait for the whole turn.
     */
    async reserveNumber(userId: string): Promise<number> {
      const [row] = await reserve({ userId });
      return row!.last;
    },

    /**
     * A new task: the user's next number (created now, by the database's clock), or `number`
     * from `reserveNumber`, created `at` (the API's clock; default: now) as numberedTask says.
     */
    async create(userId: string, input: TaskCreate, number?: number, at?: Date): Promise<Task> {
      const [task] = await (number === undefined ? insert : insertNumbered)({
        userId,
        number,
        ...taskValues(input),
        at: at ?? new Date(),
      });
      return task!;
    },

    /** How many tasks each view holds, with "today" and "upcoming" as days in `tz`. */
    async counts(userId: string, tz: string, now = new Date()): Promise<TaskCounts> {
      const today = startOfDay(now, tz);
      const tomorrow = startOfDay(now, tz, 1);
      const week = startOfDay(now, tz, 7);
      const pending = sql`NOT ${tasks.completed}`;
      const [row] = await db
        .select({
          pending: sql<number>`count(*) FILTER (WHERE ${pending})::int`,
          today: sql<number>`count(*) FILTER (WHERE ${pending} AND ${tasks.dueAt} >= ${today} AND ${tasks.dueAt} < ${tomorrow})::int`,
          upcoming: sql<number>`count(*) FILTER (WHERE ${pending} AND ${tasks.dueAt} >= ${today} AND ${tasks.dueAt} < ${week})::int`,
          overdue: sql<number>`count(*) FILTER (WHERE ${pending} AND ${tasks.dueAt} < ${now})::int`,
          completed: sql<number>`count(*) FILTER (WHERE ${tasks.completed})::int`,
        })
        .from(tasks)
        .where(eq(tasks.userId, userId));
      const tagRows = await queryRows<{ tag: string; count: number }>(
        db,
        sql`SELECT tag, count(*)::int AS count FROM ${tasks}, unnest(${tasks.tags}) AS tag
            WHERE ${tasks.userId} = ${userId} AND NOT ${tasks.completed}
            GROUP BY tag ORDER BY tag LIMIT 200`,
      );
      return {
        pending: row?.pending ?? 0,
        today: row?.today ?? 0,
        upcoming: row?.upcoming ?? 0,
        overdue: row?.overdue ?? 0,
        completed: row?.completed ?? 0,
        tags: tagRows,
      };
    },

    /**
     * Applies `patch`. Completing a recurring task also creates its next occurrence, in the
     * same transaction, so a crash cannot leave a completed series without its next task.
     */
    async update(
      userId: string,
      id: number,
      patch: TaskUpdate,
      now = new Date(),
    ): Promise<Task | null> {
      if (patch.completed !== true) return applyUpdate(db, userId, id, patch);
      return db.transaction(async (tx) => {
        const [before] = await tx
          .select({ completed: tasks.completed, recurrence: tasks.recurrence })
          .from(tasks)
          .where(owned(userId, id))
          .for('update');
        const task = await applyUpdate(tx, userId, id, patch);
        if (!task || !before || before.completed || !task.recurrence) return task;
        const due = nextOccurrence(task.recurrence, task.dueAt ? new Date(task.dueAt) : null, now);
        if (due) {
          const [counter] = await tx
            .insert(taskCounters)
            .values({ userId, last: 1 })
            .onConflictDoUpdate({
              target: taskCounters.userId,
              set: { last: sql`${taskCounters.last} + 1` },
            })
            .returning({ last: taskCounters.last });
          await tx.insert(tasks).values({
            userId,
            number: counter!.last,
            title: task.title,
            description: task.description,
            priority: task.priority,
            tags: task.tags,
            dueAt: due,
            recurrence: task.recurrence,
          });
        }
        return task;
      });
    },

    complete(userId: string, id: number): Promise<Task | null> {
      return this.update(userId, id, { completed: true });
    },

    async remove(userId: string, id: number): Promise<boolean> {
      const rows = await db.delete(tasks).where(owned(userId, id)).returning({ id: tasks.number });
      return rows.length > 0;
    },

    /**
     * Undo of a delete: the task comes back as it was, under its own number (numbers are never
     * reused, so the number is still free). Null when a task with that number exists.
     */
    async restore(userId: string, task: Task): Promise<Task | null> {
      const [row] = await db
        .insert(tasks)
        .values({
          userId,
          number: task.id,
          title: task.title,
          description: task.description,
          completed: task.completed,
          priority: task.priority,
          tags: task.tags,
          dueAt: task.dueAt ? new Date(task.dueAt) : null,
          completedAt: task.completedAt ? new Date(task.completedAt) : null,
          recurrence: task.recurrence ?? null,
          createdAt: new Date(task.createdAt),
          updatedAt: new Date(task.updatedAt),
        })
        .onConflictDoNothing()
        .returning(taskColumns);
      return row ?? null;
    },

    async count(userId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(tasks)
        .where(eq(tasks.userId, userId));
      return row?.n ?? 0;
    },
  };
}

export type TaskRepository = ReturnType<typeof createTaskRepository>;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

async function applyUpdate(
  db: Db | Tx,
  userId: string,
  id: number,
  patch: TaskUpdate,
): Promise<Task | null> {
  const set: Partial<Record<keyof TaskRow, unknown>> = { updatedAt: sql`now()` };
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.priority !== undefined) set.priority = patch.priority;
  if (patch.tags !== undefined) set.tags = patch.tags;
  if (patch.recurrence !== undefined) set.recurrence = patch.recurrence;
  if (patch.dueAt !== undefined) set.dueAt = patch.dueAt ? new Date(patch.dueAt) : null;
  if (patch.completed !== undefined) {
    set.completed = patch.completed;
    // Keep the first completion time when a completed task is completed again.
    set.completedAt = patch.completed ? sql`coalesce(${tasks.completedAt}, now())` : null;
  }
  const [task] = await db
    .update(tasks)
    .set(set as Partial<TaskRow>)
    .where(and(eq(tasks.userId, userId), eq(tasks.number, id)))
    .returning(taskColumns);
  return task ?? null;
}

function sortKey(sort: TaskSort) {
  switch (sort) {
    case 'created':
      return tasks.createdAt;
    case 'due':
      return tasks.dueAt;
    case 'priority':
      return tasks.priority;
    case 'title':
      return sql`lower(${tasks.title})`;
  }
}

function cursorKey(sort: TaskSort, row: Task): CursorKey {
  switch (sort) {
    case 'created':
      return row.createdAt;
    case 'due':
      return row.dueAt;
    case 'priority':
      return priorityRank[row.priority];
    case 'title':
      return row.title.toLowerCase();
  }
}

/** Rows strictly after the cursor in (key, id) order; due dates sort with NULLs last. */
function afterCursor(sort: TaskSort, order: SortOrder, cursor: Cursor): SQL {
  const cmp = sql.raw(order === 'asc' ? '>' : '<');
  const afterId = sql`${tasks.number} ${cmp} ${cursor.id}`;
  let value: SQL;
  switch (sort) {
    case 'created':
      value = sql`${cursor.k}::timestamptz`;
      break;
    case 'due':
      if (cursor.k === null) return and(isNull(tasks.dueAt), afterId)!;
      value = sql`${cursor.k}::timestamptz`;
      break;
    case 'priority':
      value = sql`${rankPriority[cursor.k as number]}::task_priority`;
      break;
    case 'title':
      value = sql`${cursor.k}::text`;
      break;
  }
  const key = sortKey(sort);
  const after = sql`(${key} ${cmp} ${value} OR (${key} = ${value} AND ${afterId}))`;
  return sort === 'due' ? sql`(${after} OR ${tasks.dueAt} IS NULL)` : after;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const c = parsed as Partial<Cursor> | null;
  const validKey =
    c?.s === 'priority'
      ? typeof c.k === 'number' && c.k in rankPriority
      : c?.s === 'due'
        ? c.k === null || isIsoDate(c.k)
        : c?.s === 'created'
          ? isIsoDate(c.k)
          : c?.s === 'title' && typeof c.k === 'string' && isStorableText(c.k);
  if (
    !c ||
    !validKey ||
    (c.o !== 'asc' && c.o !== 'desc') ||
    !Number.isSafeInteger(c.id) ||
    (c.id as number) < 1 ||
    (c.id as number) > 2_147_483_647
  ) {
    throw new InvalidCursorError();
  }
  return c as Cursor;
}

/** Exactly the form this API writes (UTC, milliseconds), and a day that exists. */
function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v)) return false;
  const date = new Date(v);
  return !Number.isNaN(date.getTime()) && date.toISOString() === v && date.getUTCFullYear() >= 1;
}
