import type { Task } from '@todo/contracts';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, createTaskRepository, queryRows, tasks, users, type DbHandle } from '../src';
import { startPostgres, type PostgresServer } from '../src/testing';
import { databases, migratedDatabase, newUser } from './databases';

// The tallies and tags a chat listing reads (task_tallies, user_tags, kept by a trigger on
// tasks, migration 0005) always say what the tasks themselves say, on both databases.

/** A deterministic pseudo-random sequence (the same operations on every run). */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const statuses = ['pending', 'completed', 'all'] as const;
const priorities = [undefined, 'low', 'medium', 'high'] as const;

describe.each(databases)('task tallies and user tags (%s)', (_name, open) => {
  const db = migratedDatabase(open);

  /** What the tasks say: every status × priority count, and the set of tags. */
  async function truth(userId: string) {
    const all = await queryRows<{ completed: boolean; priority: Task['priority']; tags: string[] }>(
      db.handle.db,
      sql`SELECT completed, priority, tags FROM ${tasks} WHERE ${tasks.userId} = ${userId}`,
    );
    const counts = statuses.flatMap((status) =>
      priorities.map(
        (priority) =>
          all.filter(
            (t) =>
              (status === 'all' || t.completed === (status === 'completed')) &&
              (!priority || t.priority === priority),
          ).length,
      ),
    );
    return { counts, tags: [...new Set(all.flatMap((t) => t.tags))].sort() };
  }

  async function read(userId: string) {
    const repo = createTaskRepository(db.handle.db);
    const counts: number[] = [];
    for (const status of statuses) {
      for (const priority of priorities) {
        counts.push((await repo.find(userId, { status, priority }, 5)).total);
      }
    }
    const withTags = await repo.find(userId, { status: 'pending' }, 5, true);
    const tags = await repo.tags(userId);
    expect(withTags.tags).toEqual(tags);
    return { counts, tags: [...tags].sort() };
  }

  it('match the tasks through creates, edits, completions, deletes, restores and undo', async () => {
    const userId = await newUser(db.handle);
    const repo = createTaskRepository(db.handle.db);
    const next = random(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const tagPool = ['home', 'work', 'errands', 'garden'];
    const someTags = () => tagPool.filter(() => next() < 0.4);
    const live: number[] = [];
    const deleted: Task[] = [];
    for (let step = 0; step < 60; step++) {
      const op = live.length < 3 ? 0 : Math.floor(next() * 6);
      if (op === 0 || op === 1) {
        const task = await repo.create(userId, {
          title: `task ${step}`,
          priority: pick(['low', 'medium', 'high'] as const),
          tags: someTags(),
          // Some repeat: completing them creates the next occurrence (another insert).
          ...(next() < 0.2 ? { recurrence: 'FREQ=DAILY', dueAt: '2026-12-01T09:00:00.000Z' } : {}),
        });
        live.push(task.id);
      } else if (op === 2) {
        await repo.update(userId, pick(live), {
          tags: someTags(),
          priority: pick(['low', 'medium', 'high'] as const),
        });
      } else if (op === 3) {
        await repo.update(userId, pick(live), { completed: next() < 0.7 });
      } else if (op === 4) {
        const id = pick(live);
        const before = await repo.get(userId, id);
        await repo.remove(userId, id);
        live.splice(live.indexOf(id), 1);
        deleted.push(before!);
      } else if (deleted.length) {
        const restored = await repo.restore(userId, deleted.pop()!);
        if (restored) live.push(restored.id);
      }
      // Recurring completions add tasks the list above does not know: read the numbers back.
      live.splice(
        0,
        live.length,
        ...(await repo.find(userId, { status: 'all' }, 1000)).items.map((t) => t.id),
      );
      expect(await read(userId), `after step ${step}`).toEqual(await truth(userId));
    }
  });

  it('know the tags of every task, not only of the newest 1000', async () => {
    const userId = await newUser(db.handle);
    const repo = createTaskRepository(db.handle.db);
    await repo.create(userId, { title: 'plant tulips', tags: ['garden'] });
    await db.handle.db.execute(
      sql`INSERT INTO task_counters (user_id, last) VALUES (${userId}, 1001)
          ON CONFLICT (user_id) DO UPDATE SET last = 1001`,
    );
    await db.handle.db.execute(
      sql`INSERT INTO ${tasks} (user_id, number, title, tags, created_at)
          SELECT ${userId}, g, 'errand ' || g, ARRAY['home'], now() + g * interval '1 second'
          FROM generate_series(2, 1001) AS g`,
    );
    expect(await repo.tags(userId)).toEqual(['home', 'garden']);
    const found = await repo.find(userId, { status: 'pending' }, 20, true);
    expect(found.total).toBe(1001);
    expect(found.tags).toEqual(['home', 'garden']);
  });

  it('list the tags of the newest task first, in its order', async () => {
    const userId = await newUser(db.handle);
    const repo = createTaskRepository(db.handle.db);
    await repo.create(userId, { title: 'a', tags: ['work', 'home'] });
    await repo.create(userId, { title: 'b', tags: ['errands', 'home'] });
    expect(await repo.tags(userId)).toEqual(['errands', 'home', 'work']);
    await repo.create(userId, { title: 'c', tags: ['work'] });
    expect(await repo.tags(userId)).toEqual(['work', 'errands', 'home']);
  });

  it("inside a transaction that wrote tasks, count and list that transaction's own writes", async () => {
    const userId = await newUser(db.handle);
    await createTaskRepository(db.handle.db).create(userId, { title: 'one', tags: ['home'] });
    await db.handle.db.transaction(async (tx) => {
      const repo = createTaskRepository(tx as unknown as DbHandle['db']);
      await repo.create(userId, { title: 'two', tags: ['garden'] });
      const found = await repo.find(userId, { status: 'pending' }, 20, true);
      expect(found.total).toBe(2);
      expect(found.tags).toEqual(['garden', 'home']);
      expect(await repo.tags(userId)).toEqual(['garden', 'home']);
    });
    const after = await createTaskRepository(db.handle.db).find(userId, { status: 'pending' }, 20);
    expect(after.total).toBe(2);
  });

  it('go with the user when the user is deleted', async () => {
    const userId = await newUser(db.handle);
    const repo = createTaskRepository(db.handle.db);
    await repo.create(userId, { title: 'one', tags: ['home'] });
    await db.handle.db.delete(users).where(eq(users.id, userId));
    const left = await queryRows<{ n: number }>(
      db.handle.db,
      sql`SELECT ((SELECT count(*) FROM task_tallies WHERE user_id = ${userId})
                + (SELECT count(*) FROM user_tags WHERE user_id = ${userId}))::int AS n`,
    );
    expect(left[0]!.n).toBe(0);
  });
});

describe('task tallies under concurrent writers of one user (PostgreSQL)', () => {
  let server: PostgresServer;
  let handle: DbHandle;
  beforeAll(async () => {
    server = await startPostgres();
    handle = await createDb({ databaseUrl: server.url, poolMax: 10 });
    await handle.migrate();
  });
  afterAll(async () => {
    await handle?.close();
    await server?.destroy();
  });

  it('stay exact, and overlapping transactions do not deadlock on them', async () => {
    const userId = 'concurrent';
    await handle.db.insert(users).values({ id: userId, name: 'U', email: 'c@x.org' });
    const repo = createTaskRepository(handle.db);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await repo.create(userId, { title: `t${i}` })).id);
    // Each transaction edits two neighbouring tasks, in ascending order: on their own the row
    // locks cannot deadlock. Had the trigger taken the user's tally row at each edit, one
    // holding task 2 would wait for it while the holder waits for task 2.
    await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        handle.db.transaction(async (tx) => {
          const r = createTaskRepository(tx as unknown as DbHandle['db']);
          const first = k % (ids.length - 1);
          for (const id of ids.slice(first, first + 2)) {
            await tx.execute(sql`SELECT pg_sleep(0.01)`);
            await r.update(userId, id, {
              tags: k % 3 ? ['home', `t${k % 4}`] : [],
              priority: (['low', 'medium', 'high'] as const)[k % 3],
            });
          }
          await r.create(userId, { title: `new ${k}`, tags: ['home'] });
        }),
      ),
    );
    const rows = await queryRows<{ tags: string[]; completed: boolean }>(
      handle.db,
      sql`SELECT tags, completed FROM ${tasks} WHERE ${tasks.userId} = ${userId}`,
    );
    const found = await repo.find(userId, { status: 'pending' }, 5);
    expect(found.total).toBe(rows.length);
    expect([...(await repo.tags(userId))].sort()).toEqual(
      [...new Set(rows.flatMap((t) => t.tags))].sort(),
    );
  });
});
