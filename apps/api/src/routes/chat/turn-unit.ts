import {
  createConversationRepository,
  createTaskRepository,
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
 */
export interface TurnUnit {
  /** The turn's view of the user's tasks: writes go into the turn's transaction. */
  tasks: TaskRepository;
  /**
   * Stores the conversation record with the turn's writes, and commits both. `record` must be
   * one statement (ConversationRepository.record): a turn that wrote nothing runs it alone,
   * outside a transaction, where a single statement is still all or nothing.
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

  const begin = (): Promise<Open> =>
    (opening ??= new Promise<Open>((resolve, reject) => {
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
    }));

  const reading = async () => (opening ? (await opening).tasks : pooled);
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
    create: async (userId, input, number) => {
      if (opening || number !== undefined) return (await writing()).create(userId, input, number);
      const reserved = await pooled.reserveNumber(userId);
      return (await writing()).create(userId, input, reserved);
    },
    update: async (...a) => (await writing()).update(...a),
    complete: async (...a) => (await writing()).complete(...a),
    remove: async (...a) => (await writing()).remove(...a),
    restore: async (...a) => (await writing()).restore(...a),
  };

  return {
    tasks,
    wrote: () => opening !== null,
    async commit<T>(record: (conversations: ConversationRepository) => Promise<T>) {
      if (ended) throw new Error('the chat turn has ended');
      ended = true;
      if (!opening) {
        // Nothing written: the record alone, one statement (atomic without a transaction).
        return record(createConversationRepository(db));
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
      if (!opening) return;
      const open = await opening.catch(() => null);
      await open?.end(false).catch(() => {});
    },
  };
}
