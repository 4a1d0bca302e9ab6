import { describe, expect, it } from 'vitest';
import { createTaskRepository } from '../src';
import { databases, migratedDatabase, newUser } from './databases';

// Undo of a delete brings the task back under its own number, on both databases.

describe.each(databases)('restoring a deleted task (%s)', (_name, open) => {
  const db = migratedDatabase(open);

  it('keeps its number and fields, and the next new task still gets a fresh number', async () => {
    const repo = createTaskRepository(db.handle.db);
    const userId = await newUser(db.handle);
    await repo.create(userId, { title: 'one' });
    const two = await repo.create(userId, {
      title: 'two',
      description: 'note',
      priority: 'high',
      tags: ['home'],
      dueAt: '2026-12-01T15:00:00.000Z',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    });
    const done = (await repo.complete(userId, two.id))!;
    await repo.remove(userId, two.id);

    expect(await repo.restore(userId, done)).toEqual(done);
    expect(await repo.get(userId, two.id)).toEqual(done);
    // Its number is taken again: a second restore changes nothing, a new task gets #4 (the
    // completed recurring task made #3).
    expect(await repo.restore(userId, { ...done, title: 'other' })).toBeNull();
    expect((await repo.get(userId, two.id))!.title).toBe('two');
    expect((await repo.create(userId, { title: 'four' })).id).toBe(4);
  });
});
