import type { DbHandle } from '@todo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard } from '../src/safety';
import { allTasks, openDatabase, say, seededUser } from './harness';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openDatabase();
});
afterAll(() => handle.close());

describe('undo of a delete', () => {
  it('brings the task back as it was, under its own number', async () => {
    const { userId, ids } = await seededUser(handle);
    const before = await allTasks(handle, userId);
    const deleted = await say(handle, userId, 'delete the dentist task');
    expect((await allTasks(handle, userId)).some((t) => t.id === ids.dentist)).toBe(false);
    await say(handle, userId, 'undo', null, 'UTC', deleted.memory);
    expect(await allTasks(handle, userId)).toEqual(before);
    // The number is not given out twice: the next task still gets a fresh one.
    await say(handle, userId, 'add buy stamps');
    expect(Math.max(...(await allTasks(handle, userId)).map((t) => t.id))).toBe(before.length + 1);
  });

  it('is the only way a deleted task comes back', () => {
    const restore = ['restore_task', { taskId: 1 }] as const;
    expect(
      createGuard({ message: 'bring back task 1', engine: 'offline' }).check(...restore),
    ).toMatch(/Refused/);
    expect(createGuard({ message: 'restore 1', engine: 'llm' }).check(...restore)).toMatch(
      /Refused/,
    );
    expect(
      createGuard({ message: 'undo', engine: 'offline', undo: { created: [] } }).check(...restore),
    ).toBeNull();
  });
});
