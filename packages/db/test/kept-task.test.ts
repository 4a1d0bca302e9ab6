import { describe, expect, it } from 'vitest';
import { createConversationRepository, createTaskRepository, numberedTask } from '../src';
import { databases, migratedDatabase, newUser } from './databases';

// A chat turn's one add is answered from memory (numberedTask) and stored with the turn's
// record (ConversationRepository.record with a task): the stored row must be that task, on
// both databases, and it must be stored only when the record is.

describe.each(databases)('a task stored with a turn record (%s)', (_name, open) => {
  const db = migratedDatabase(open);

  const input = {
    title: 'two',
    description: 'note',
    priority: 'high' as const,
    tags: ['home', 'errands'],
    dueAt: '2026-12-01T16:00:00.000+01:00',
    recurrence: 'FREQ=WEEKLY;BYDAY=MO',
  };
  const turn = [
    { role: 'user' as const, content: 'add two' },
    { role: 'assistant' as const, content: 'Added.' },
  ];

  it('is the task numberedTask built, fields and timestamps, in a new conversation or one that exists', async () => {
    const tasks = createTaskRepository(db.handle.db);
    const conversations = createConversationRepository(db.handle.db);
    const userId = await newUser(db.handle);

    const number = await tasks.reserveNumber(userId);
    const at = new Date('2026-11-30T08:09:10.123Z');
    const c = await conversations.record(userId, null, 'two', turn, { number, input, at });
    expect(c).not.toBeNull();
    const built = numberedTask(input, number, at);
    expect(built.dueAt).toBe('2026-12-01T15:00:00.000Z');
    expect(await tasks.get(userId, number)).toEqual(built);

    const next = await tasks.reserveNumber(userId);
    const minimal = { title: 'three' };
    await conversations.record(userId, c!.id, 'two', turn, { number: next, input: minimal, at });
    expect(await tasks.get(userId, next)).toEqual(numberedTask(minimal, next, at));
    // The transaction's path stores the same row (tasks_insert_numbered with `at`).
    const third = await tasks.reserveNumber(userId);
    expect(await tasks.create(userId, input, third, at)).toEqual(numberedTask(input, third, at));
    expect((await tasks.counts(userId, 'UTC', at)).pending).toBe(3);

    // A conversation that is not the user's: nothing is stored, the task neither.
    const lost = await tasks.reserveNumber(userId);
    const other = await newUser(db.handle, 'O');
    expect(
      await conversations.record(other, c!.id, 'two', turn, { number: lost, input, at }),
    ).toBeNull();
    expect(await tasks.get(userId, lost)).toBeNull();
    expect(await tasks.get(other, lost)).toBeNull();
    expect((await conversations.page(c!.id, { limit: 10 })).messages).toHaveLength(4);
  });
});
