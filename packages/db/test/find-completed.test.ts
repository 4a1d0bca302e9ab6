import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTaskRepository, tasks } from '../src';
import { databases, migratedDatabase, newUser } from './databases';

// A chat listing of what was completed on a day ("what did I do yesterday") selects by
// completed_at in SQL, with the count of the whole set, on both databases.

describe.each(databases)('find by completion time (%s)', (_name, open) => {
  const db = migratedDatabase(open);

  it('selects and counts the tasks completed in [from, before), with the other filters', async () => {
    const repo = createTaskRepository(db.handle.db);
    const userId = await newUser(db.handle);
    const at = {
      early: '2026-11-24T23:59:59.999Z',
      from: '2026-11-25T00:00:00.000Z',
      inside: '2026-11-25T12:00:00.000Z',
      before: '2026-11-26T00:00:00.000Z',
    };
    const made: Record<string, number> = {};
    for (const [key, completedAt] of Object.entries(at)) {
      const task = await repo.create(userId, {
        title: key,
        tags: key === 'inside' ? ['work'] : [],
        priority: key === 'from' ? 'high' : 'medium',
      });
      await repo.complete(userId, task.id);
      await db.handle.db
        .update(tasks)
        .set({ completedAt: new Date(completedAt) })
        .where(and(eq(tasks.userId, userId), eq(tasks.number, task.id)));
      made[key] = task.id;
    }
    await repo.create(userId, { title: 'open' });

    const window = { completedFrom: new Date(at.from), completedBefore: new Date(at.before) };
    const found = await repo.find(userId, { status: 'completed', ...window }, 10);
    expect(found.items.map((t) => t.title).sort()).toEqual(['from', 'inside']);
    expect(found.total).toBe(2);
    // Only what the reply shows is read; the count is of the whole set.
    const one = await repo.find(userId, { status: 'completed', ...window }, 1);
    expect(one.items).toHaveLength(1);
    expect(one.total).toBe(2);
    expect(
      (await repo.find(userId, { status: 'completed', tag: 'work', ...window }, 10)).items.map(
        (t) => t.title,
      ),
    ).toEqual(['inside']);
    expect(
      (await repo.find(userId, { status: 'completed', priority: 'high', ...window }, 10)).total,
    ).toBe(1);
    // A bound alone, and nothing when the window holds no completion.
    expect(
      (await repo.find(userId, { status: 'all', completedFrom: new Date(at.inside) }, 10)).total,
    ).toBe(2);
    expect(
      (await repo.find(userId, { status: 'completed', completedBefore: new Date(at.from) }, 10))
        .items[0]?.id,
    ).toBe(made.early);
    expect(
      (
        await repo.find(
          userId,
          { completedFrom: new Date('2026-12-01'), completedBefore: new Date('2026-12-02') },
          10,
        )
      ).total,
    ).toBe(0);
  });
});
