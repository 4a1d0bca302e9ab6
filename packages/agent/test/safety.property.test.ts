import { randomUUID } from 'node:crypto';
import { deleteRequested } from '@todo/language';
import { createTaskRepository, users, type DbHandle } from '@todo/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../src/index';
import { allTasks, NOW, openDatabase } from './harness';

/**
 * Property tests of the safety rules: random messages built from task words, command words,
 * delete words and noise, against random task lists, never produce a change the rules forbid.
 * Fixed seed, so a failure reproduces.
 */
let handle: DbHandle;
beforeAll(async () => {
  handle = await openDatabase();
});
afterAll(() => handle.close());

const titleWords = [
  'milk',
  'report',
  'call',
  'mom',
  'car',
  'tax',
  'plants',
  'gym',
  'delete',
  'all',
  'work',
];
const vocabulary = [
  ...titleWords,
  'add',
  'remove',
  'delete',
  'clear',
  'the',
  'tag',
  'tags',
  'priority',
  'due',
  'date',
  'from',
  'to',
  'make',
  'high',
  'low',
  'move',
  'tomorrow',
  'friday',
  'rename',
  'all',
  'every',
  'my',
  'tasks',
  'done',
  'mark',
  'show',
  'what',
  'is',
  'yes',
  'no',
  '#work',
  '#home',
  'it',
  'undo',
  '1',
  '2',
  '3',
  'and',
  ',',
  'urgent',
  'note',
  'description',
  'deadline',
  'untag',
  'everything',
  '"delete all"',
  'urgency',
  'then',
  'wait',
  '?',
  '🙂',
  'repeat',
  'weekly',
  'monday',
  'cancel',
  'forget',
  'stop',
  'repeating',
  'recurrence',
  'postpone',
  'instead',
  'both',
  'those',
];
const message = fc
  .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 8 })
  .map((w) => w.join(' '));
const taskSpec = fc.record({
  title: fc
    .array(fc.constantFrom(...titleWords), { minLength: 1, maxLength: 3 })
    .map((w) => w.join(' ')),
  tags: fc.subarray(['work', 'home', 'finance']),
  priority: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
});

async function userWith(
  specs: { title: string; tags: string[]; priority: 'low' | 'medium' | 'high' }[],
) {
  const repo = createTaskRepository(handle.db);
  const userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, name: 'P', email: `${userId}@example.com` });
  for (const spec of specs) await repo.create(userId, spec);
  return { userId, repo };
}

/** Attribute-only requests, by their own words: they may update but never add or delete. */
const attributeOnly = (m: string) =>
  /^(?:rename|tag|untag|make|move|postpone|(?:remove|delete|clear|cancel) (?:the )?(?:tags?|priority|due|date|deadline|note|description|repeat|recurrence))\b/.test(
    m,
  );

describe('safety rules hold for random messages and task lists', () => {
  it('a single message never deletes unless it asks to, never deletes several, and attribute changes never add or delete', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(taskSpec, { maxLength: 6 }), message, async (specs, msg) => {
        const { userId, repo } = await userWith(specs);
        const agent = createAgent({ tasks: repo, now: () => NOW });
        const before = await allTasks(handle, userId);
        const answer = await agent.respond({
          userId,
          message: msg,
          timeZone: 'UTC',
          history: [],
          pending: null,
        });
        const after = await allTasks(handle, userId);
        const gone = before.filter((t) => !after.some((a) => a.id === t.id));
        const added = after.filter((t) => !before.some((b) => b.id === t.id));
        if (!deleteRequested(msg)) expect(gone, msg).toEqual([]);
        // A bulk delete only previews: one message deletes one task at most.
        expect(gone.length, msg).toBeLessThanOrEqual(1);
        if (attributeOnly(msg)) {
          expect(gone, msg).toEqual([]);
          expect(added, msg).toEqual([]);
        }
        if (answer.pending?.kind === 'confirm') expect(gone, msg).toEqual([]);
      }),
      { numRuns: 150, seed: 16 },
    );
  });

  // Replies that command nothing, after any first message: "forget it" is never mind, "done?"
  // asks, "I'm done" ends a chat. None may change, add or delete a task (round 5 found each).
  const noCommand = [
    'forget it',
    'forget that',
    "I'm done",
    'all done',
    'done?',
    'not that one',
    'the other one',
    'stop',
    'hiya',
    'never mind',
    'tasks left?',
    'the second one',
    'postpone',
    'weekly',
  ];
  it('a reply that commands nothing changes nothing, whatever came before it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(taskSpec, { minLength: 1, maxLength: 5 }),
        message,
        fc.constantFrom(...noCommand),
        async (specs, first, second) => {
          const { userId, repo } = await userWith(specs);
          const agent = createAgent({ tasks: repo, now: () => NOW });
          const one = await agent.respond({
            userId,
            message: first,
            timeZone: 'UTC',
            history: [],
            pending: null,
          });
          const before = await allTasks(handle, userId);
          await agent.respond({
            userId,
            message: second,
            timeZone: 'UTC',
            history: [],
            // What the first message brought into view; not its question ("the second one"
            // may answer "which one?").
            pending: null,
            memory: one.memory,
          });
          expect(await allTasks(handle, userId), `${first} → ${second}`).toEqual(before);
        },
      ),
      { numRuns: 60, seed: 16 },
    );
  });

  it('a yes deletes exactly the previewed set, and a no changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(taskSpec, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('work', 'home', 'finance'),
        fc.boolean(),
        async (specs, tag, confirm) => {
          const { userId, repo } = await userWith(specs);
          const agent = createAgent({ tasks: repo, now: () => NOW });
          const before = await allTasks(handle, userId);
          const first = await agent.respond({
            userId,
            message: `delete all my ${tag} tasks`,
            timeZone: 'UTC',
            history: [],
            pending: null,
          });
          const tagged = before.filter((t) => t.tags.includes(tag));
          if (!tagged.length) {
            expect(first.pending).toBeNull();
            expect(await allTasks(handle, userId)).toEqual(before);
            return;
          }
          expect(first.pending).toMatchObject({ kind: 'confirm' });
          // A task added between the preview and the yes is not in the previewed set.
          const late = await repo.create(userId, { title: 'added later', tags: [tag] });
          await agent.respond({
            userId,
            message: confirm ? 'yes' : 'no',
            timeZone: 'UTC',
            history: [],
            pending: first.pending,
            memory: first.memory,
          });
          const after = await allTasks(handle, userId);
          const expected = confirm ? before.filter((t) => !t.tags.includes(tag)) : before;
          expect(
            after
              .filter((t) => t.id !== late.id)
              .map((t) => t.id)
              .sort(),
          ).toEqual(expected.map((t) => t.id).sort());
          expect(after.some((t) => t.id === late.id)).toBe(true);
        },
      ),
      { numRuns: 40, seed: 16 },
    );
  });
});
