import { tasks, type DbHandle } from '@todo/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../src/engine/filters';
import { allTasks, NOW, openDatabase, say, seededUser, seedTasks, type SeedKey } from './harness';

// "What did I do yesterday": a listing of completed tasks that names a day means the day they
// were completed, in the user's zone, and is selected by the database (TaskRepository.find).
// NOW is Thursday 26 November 2026, 10:00 UTC.

let handle: DbHandle;
let userId: string;
beforeAll(async () => {
  handle = await openDatabase();
  userId = await userWithCompletions();
});
afterAll(() => handle.close());

/** A seeded user whose tasks were completed at the instants below. */
async function userWithCompletions(): Promise<string> {
  const seeded = await seededUser(handle);
  const doneAt: Partial<Record<SeedKey, string>> = {
    milk: '2026-11-26T08:00:00Z', // today (Auckland: today, 21:00)
    laundry: '2026-11-25T18:00:00Z', // yesterday (Auckland: today, 07:00)
    mom: '2026-11-23T09:00:00Z', // Monday of this week
    plumber: '2026-11-18T12:00:00Z', // Wednesday of last week
    taxes: '2026-11-02T12:00:00Z', // long ago
  };
  for (const [key, at] of Object.entries(doneAt)) {
    const id = seeded.ids[key as SeedKey];
    await seeded.repo.complete(seeded.userId, id);
    await handle.db
      .update(tasks)
      .set({ completedAt: new Date(at) })
      .where(and(eq(tasks.userId, seeded.userId), eq(tasks.number, id)));
  }
  return seeded.userId;
}

const titles = (keys: SeedKey[]) => keys.map((k) => seedTasks[k].title);
/** The seed titles a reply lists. */
const shown = (reply: string) =>
  Object.values(seedTasks)
    .map((t) => t.title)
    .filter((title) => reply.includes(`“${title}”`));

describe('listing what was completed on a day', () => {
  it.each<[string, SeedKey[]]>([
    ['what did I do yesterday', ['laundry']],
    ['what did I finish today', ['milk']],
    ['what have I completed this week', ['milk', 'laundry', 'mom']],
    ['what did I get done last week', ['plumber']],
    ['what did I finish on monday', ['mom']],
    ['tasks completed in the last 3 days', ['milk', 'laundry']],
    ['show me everything I finished in the past seven days', ['milk', 'laundry', 'mom']],
    ['what did I finish', ['milk', 'laundry', 'mom', 'plumber', 'taxes']],
  ])('“%s”', async (message, keys) => {
    const before = await allTasks(handle, userId);
    const { reply } = await say(handle, userId, message);
    expect(shown(reply).sort()).toEqual(titles(keys).sort());
    expect(await allTasks(handle, userId)).toEqual(before);
  });

  it('says so when nothing was completed that day', async () => {
    const { reply } = await say(handle, userId, 'what did I complete on tuesday');
    expect(shown(reply)).toEqual([]);
    expect(reply).toBe('No tasks completed on Tuesday.');
  });

  it('counts them with the right plural', async () => {
    expect((await say(handle, userId, 'how many tasks did I finish this week')).reply).toBe(
      'You have 3 tasks completed this week.',
    );
    expect((await say(handle, userId, 'how many did I complete yesterday')).reply).toBe(
      'You have 1 task completed yesterday.',
    );
  });

  it("reads the day in the user's zone", async () => {
    // In Auckland (UTC+13) it is 23:00 on the 26th: both the milk and the laundry were done
    // today there, and nothing yesterday.
    const today = await say(handle, userId, 'what did I finish today', null, 'Pacific/Auckland');
    expect(shown(today.reply).sort()).toEqual(titles(['milk', 'laundry']).sort());
    const yesterday = await say(
      handle,
      userId,
      'what did I do yesterday',
      null,
      'Pacific/Auckland',
    );
    expect(shown(yesterday.reply)).toEqual([]);
  });

  it('keeps a day that says "due" as the due day', () => {
    const when = { now: NOW, timeZone: 'UTC' };
    const due = parseFilter('completed tasks due tomorrow', [], when);
    expect(due.tomorrow).toBe(true);
    expect(due.completedIn).toBeUndefined();
    const dueToday = parseFilter('what did i finish that was due today', [], when);
    expect(dueToday.status).toBe('completed');
    expect(dueToday.due).toBe('today');
    expect(dueToday.completedIn).toBeUndefined();
  });

  it('a bulk action on "what I finished yesterday" acts on that set only, after a yes', async () => {
    const own = await userWithCompletions();
    const before = await allTasks(handle, own);
    const asked = await say(handle, own, 'delete everything I finished yesterday');
    expect(asked.pending?.kind).toBe('confirm');
    expect(shown(asked.reply)).toEqual(titles(['laundry']));
    expect(await allTasks(handle, own)).toEqual(before);
    await say(handle, own, 'yes', asked.pending);
    const after = await allTasks(handle, own);
    expect(after.map((t) => t.title).sort()).toEqual(
      before
        .map((t) => t.title)
        .filter((t) => t !== seedTasks.laundry.title)
        .sort(),
    );
  });
});
