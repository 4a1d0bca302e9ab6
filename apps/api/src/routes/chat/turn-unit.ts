import type { TaskCreate } from '@todo/contracts';
import {
  createConversationRepository,
  createTaskRepository,
  numberedTask,
  type ConversationRepository,
  type Db,
  type TaskRepository,
} from '@todo/db';
import { sql } from 'drizzle-orm';

/**
 * One chat turn's task writes and its conversation record, committed together or not at all.
 *
 * The transaction opens at the turn's first write, not at its start: reads (the history, the
 * user's tasks, a model's list_tasks) run on the pool, and a turn that only reads or talks
 * holds nothing. From the first write to the stored reply, every query of the turn runs in
 * that transaction. For the offline engine that is milliseconds. With a model it spans the
 * model calls after the first write (usually one: the final answer), so it pins one pooled
 * connection and the rows it wrote (the user's task counter among them) for that long; on
 * PGlite, whose one connection is shared, other requests wait meanwhile. See docs/api.md.
 *
 * A turn whose only write is one add (the commonest) opens no transaction: the add takes its
 * number on the pool, the row is kept in memory and answered with (numberedTask), and the
 * commit writes it in the record's statement, which is atomic on its own: 2 round trips
 * instead of 5 (number, BEGIN, insert, record, COMMIT). Any other call on the unit after it
 * (a read, a second write) opens the transaction and inserts the kept row first, as above.
 */
export interface TurnUnit {
  /** The turn's view of the user's tasks: writes go into the turn's transaction. */
  tasks: TaskRepository;
  /**
   * Stores the conversation record with the turn's writes, and commits both. `record` must be
   * one statement (ConversationRepository.record): a turn that wrote nothing runs it alone,
   * outside a transaction, where a single statement is still all or nothing, and a turn that
   * only added a task (kept in memory) runs it with that task's row. So the record must be the
   * callback's last step that can fail: without a transaction, nothing after it is undone.
   */
  commit<T>(record: (conversations: ConversationRepository) => Promise<T>): Promise<T>;
  /** Discards the turn's writes (no-op once committed or when nothing was written). */
  rollback(): Promise<void>;
  /** Whether anything was written (and is either pending or committed). */
  wrote(): boolean;
}

interface Open {
  tasks: TaskRepository;
  conversations: ConversationRepository;
  end(commit: boolean): Promise<void>;
}

class Rollback extends Error {}

export function openTurnUnit(
  db: Db,
  pooled: TaskRepository,
  /** How long the turn's transaction may sit idle between statements (a model call). */
  idleLimitMs: number,
  /** Whether every connection has that limit already (set at connect: one statement less). */
  connectionsHaveLimit = false,
): TurnUnit {
  let opening: Promise<Open> | null = null;
  let ended = false;
  /** The turn's one add, not written yet (see above). */
  let kept: { userId: string; input: TaskCreate; number: number; at: Date } | null = null;

  const begin = (): Promise<Open> =>
    (opening ??= transaction().then(async (open) => {
      // The kept add goes first, so the transaction holds everything the turn did.
      const k = kept;
      kept = null;
      if (k) {
        try {
          await open.tasks.create(k.userId, k.input, k.number, k.at);
        } catch (err) {
          await open.end(false).catch(() => {});
          throw err;
        }
      }
      return open;
    }));

  const transaction = (): Promise<Open> =>
    new Promise<Open>((resolve, reject) => {
      let finish!: (commit: boolean) => void;
      const decided = new Promise<boolean>((r) => (finish = r));
      const done = db
        .transaction(async (tx) => {
          const txDb = tx as unknown as Db;
          // If this process stalls, the server ends the transaction and frees its locks.
          if (!connectionsHaveLimit) {
            await tx.execute(
              sql.raw(`SET LOCAL idle_in_transaction_session_timeout = ${Math.ceil(idleLimitMs)}`),
            );
          }
          resolve({
            tasks: createTaskRepository(txDb),
            conversations: createConversationRepository(txDb),
            end: async (commit) => {
              finish(commit);
              await done;
            },
          });
          if (!(await decided)) throw new Rollback();
        })
        .catch((err: unknown) => {
          if (err instanceof Rollback) return;
          reject(err as Error);
          throw err;
        });
      // Before the body resolves, a failure to BEGIN is the caller's error (via reject).
      done.catch(() => {});
    });

  // After a kept add, a read must see it: in the transaction, with the row inserted.
  const reading = async () => (opening || kept ? (await begin()).tasks : pooled);
  const writing = async () => {
    if (ended) throw new Error('the chat turn has ended');
    return (await begin()).tasks;
  };

  const tasks: TaskRepository = {
    list: async (...a) => (await reading()).list(...a),
    get: async (...a) => (await reading()).get(...a),
    counts: async (...a) => (await reading()).counts(...a),
    find: async (...a) => (await reading()).find(...a),
    tags: async (...a) => (await reading()).tags(...a),
    count: async (...a) => (await reading()).count(...a),
    reserveNumber: async (...a) => pooled.reserveNumber(...a),
    // The turn's first write, a create: its number first, on the pool in a statement of its
    // own, so the counter row is not locked for the rest of the turn (the user's other creates
    // would queue behind it). A turn that fails afterwards leaves the number unused, as a
    // deleted task does. Once the transaction is open it may hold that row itself (a repeating
    // task's next occurrence): then the number is taken in it, as before.
    // A first create that stays the turn's only write is not written until the commit.
    create: async (userId, input, number, at) => {
      if (opening || kept || number !== undefined) {
        return (await writing()).create(userId, input, number, at);
      }
      if (ended) throw new Error('the chat turn has ended');
      const reserved = await pooled.reserveNumber(userId);
      const created = at ?? new Date();
      // Another call went ahead meanwhile (tools run one by one; this is for safety's sake).
      if (opening || kept || ended)
        return (await writing()).create(userId, input, reserved, created);
      kept = { userId, input, number: reserved, at: created };
      return numberedTask(input, reserved, created);
    },
    update: async (...a) => (await writing()).update(...a),
    complete: async (...a) => (await writing()).complete(...a),
    remove: async (...a) => (await writing()).remove(...a),
    restore: async (...a) => (await writing()).restore(...a),
  };

  return {
    tasks,
    wrote: () => opening !== null || kept !== null,
    async commit<T>(record: (conversations: ConversationRepository) => Promise<T>) {
      if (ended) throw new Error('the chat turn has ended');
      ended = true;
      if (!opening) {
        const conversations = createConversationRepository(db);
        // Nothing written: the record alone, one statement (atomic without a transaction).
        const k = kept;
        if (!k) return record(conversations);
        // One add: the record's statement writes its row too (nothing when it stores nothing).
        kept = null;
        let stored = false;
        const result = await record({
          ...conversations,
          record: (userId, conversationId, title, turn, task) => {
            if (stored || task || userId !== k.userId) {
              throw new Error("a turn's kept task goes with one record of its user");
            }
            stored = true;
            return conversations.record(userId, conversationId, title, turn, k);
          },
        });
        // A commit that stored no record still stores the turn's add (one statement).
        if (!stored) await pooled.create(k.userId, k.input, k.number, k.at);
        return result;
      }
      const open = await opening;
      let result: T;
      try {
        result = await record(open.conversations);
      } catch (err) {
        await open.end(false).catch(() => {});
        throw err;
      }
      await open.end(true);
      return result;
    },
    async rollback() {
      if (ended) return;
      ended = true;
      kept = null;
      if (!opening) return;
      const open = await opening.catch(() => null);
      await open?.end(false).catch(() => {});
    },
  };
}
