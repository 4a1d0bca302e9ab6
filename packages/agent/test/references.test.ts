import type { DbHandle } from '@todo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTasks, openDatabase, say, seededUser } from './harness';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openDatabase();
});
afterAll(() => handle.close());

describe('references to what was just shown', () => {
  it('“delete them” after a list previews exactly the tasks shown, and deletes them after a yes', async () => {
    const { userId, ids } = await seededUser(handle);
    const shown = await say(handle, userId, 'show my home tasks');
    const preview = await say(handle, userId, 'delete them', null, 'UTC', shown.memory);
    expect(preview.pending).toEqual({
      kind: 'confirm',
      action: 'delete',
      taskIds: [ids.plumber, ids.milk],
    });
    expect(await allTasks(handle, userId)).toHaveLength(8);
    await say(handle, userId, 'yes', preview.pending, 'UTC', preview.memory);
    const left = (await allTasks(handle, userId)).map((t) => t.id);
    expect(left).toHaveLength(6);
    expect(left).not.toContain(ids.milk);
    expect(left).not.toContain(ids.plumber);
  });

  it('“it” with several tasks in view asks which, and changes nothing', async () => {
    const { userId } = await seededUser(handle);
    const before = await allTasks(handle, userId);
    const shown = await say(handle, userId, 'show my finance tasks');
    const asked = await say(handle, userId, 'make it urgent', null, 'UTC', shown.memory);
    expect(asked.pending?.kind).toBe('choose');
    expect(await allTasks(handle, userId)).toEqual(before);
  });
});
