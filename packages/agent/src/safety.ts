import {
  attributeChangeRequest,
  bulkDeleteRequested,
  deleteRequested,
  readOnlyRequest,
} from '@todo/language';

/**
 * The safety rules, in one place below both engines: every state-changing tool call is checked
 * against the user's own latest message before it runs, whichever engine proposed it.
 * - A task is deleted only when the message asks for deletion (one shared word list), or when
 *   the user said yes to a previewed set, and then only tasks of that set.
 * - A tag, priority, date or title change never creates or deletes a task.
 * - A question or a request to see tasks changes nothing.
 * - A turn makes a bounded number of writes; either engine deletes at most one task per message
 *   unless the user confirmed a previewed set (bulk deletes go through a preview and a yes).
 */

export type Engine = 'offline' | 'llm';

export interface Justification {
  /** The user's latest message, verbatim. */
  message: string;
  engine: Engine;
  /** Task ids the user confirmed for deletion with a yes to a preview. */
  confirmedDeletes?: readonly number[];
  /** Undo of the assistant's last change: may delete the tasks it created and recreate ones it deleted. */
  undo?: { created: readonly number[] };
}

export const MAX_WRITES_PER_TURN: Record<Engine, number> = { offline: 200, llm: 20 };

const writes = new Set(['add_task', 'complete_task', 'delete_task', 'update_task', 'restore_task']);

export interface Guard {
  /** Null when the call may run; otherwise the reason it is refused. */
  check(name: string, args: unknown): string | null;
}

export function createGuard(j: Justification): Guard {
  const asksDelete = deleteRequested(j.message);
  const bulk = bulkDeleteRequested(j.message);
  const readOnly = readOnlyRequest(j.message);
  const attributeOnly = attributeChangeRequest(j.message);
  const confirmed = new Set(j.confirmedDeletes ?? []);
  const undoCreated = new Set(j.undo?.created ?? []);
  let writeCount = 0;
  let deleteCount = 0;

  return {
    check(name, args) {
      if (!writes.has(name)) return null;
      const taskId = Number((args as { taskId?: unknown } | null)?.taskId);
      if (writeCount >= MAX_WRITES_PER_TURN[j.engine]) {
        return `Refused: at most ${MAX_WRITES_PER_TURN[j.engine]} changes per message.`;
      }
      const privileged = confirmed.size > 0 || j.undo;
      if (readOnly && !privileged) {
        return 'Refused: the user asked to see tasks, not to change them.';
      }
      if (name === 'delete_task') {
        const allowed =
          confirmed.has(taskId) ||
          undoCreated.has(taskId) ||
          (asksDelete && !bulk && !confirmed.size && deleteCount < 1);
        if (!allowed) {
          return !asksDelete && !confirmed.size && !j.undo
            ? 'Refused: the user did not ask to delete anything in their latest message.'
            : bulk
              ? 'Refused: deleting several tasks needs the user to confirm a preview first.'
              : 'Refused: one deletion per message. Ask the user to confirm the next one.';
        }
        deleteCount++;
      }
      // Bringing a deleted task back (under its own number) is only ever an undo.
      if (name === 'restore_task' && !j.undo) {
        return 'Refused: only an undo brings back a deleted task.';
      }
      if (name === 'add_task' && !j.undo && (attributeOnly || asksDelete || confirmed.size)) {
        return 'Refused: the user asked to change or remove tasks, not to create one.';
      }
      writeCount++;
      return null;
    },
  };
}
