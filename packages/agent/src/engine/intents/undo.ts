import type { Task } from '@todo/contracts';
import type { Change } from '../../tools';
import { done, emptyMemory, type Intent } from '../turn';

/** "undo" reverses the assistant's last change in this conversation, a delete included. */
export const undoRequested = (text: string) =>
  /^(?:(?:oops|oh|wait|actually|no|nah|hmm|ugh|sorry|please|pls|ok|okay)\b[\s,!.]*)*(?:undo|undo (?:that|it|this|the last (?:change|one|thing))|revert(?: that| it)?|take (?:that|it) back|go back|(?:bring|put) (?:it|that|them|those) back|reverse (?:that|it))(?:[\s,]+(?:please|pls|now|thanks))?[.!]*$/i.test(
    text.trim(),
  );

export const undoIntent: Intent = async (text, input) => {
  if (!undoRequested(text)) return null;
  const changes = input.memory?.undo;
  if (!changes?.length) return done('There is nothing to undo in this conversation.');
  const created = changes.flatMap((c) => (c.kind === 'created' ? [c.taskId] : []));
  input.tools.justify({ message: input.message, engine: 'offline', undo: { created } });
  let reversed = 0;
  for (const change of [...changes].reverse()) {
    if (await reverse(change, input.tools)) reversed++;
  }
  const memory = { ...(input.memory ?? emptyMemory()), undo: [] };
  return {
    ...done(
      reversed
        ? `Undone: reversed ${reversed === 1 ? 'the last change' : `${reversed} changes`}.`
        : 'Those tasks have changed since; nothing to undo.',
    ),
    memory,
  };
};

async function reverse(change: Change, tools: Parameters<Intent>[1]['tools']): Promise<boolean> {
  if (change.kind === 'created')
    return (await tools.call('delete_task', { taskId: change.taskId })).ok;
  const b: Task = change.before;
  if (change.kind === 'updated') {
    const r = await tools.call('update_task', {
      taskId: b.id,
      title: b.title,
      description: b.description,
      priority: b.priority,
      dueAt: b.dueAt,
      tags: b.tags,
      completed: b.completed,
      recurrence: b.recurrence,
    });
    return r.ok;
  }
  // A deleted task comes back as it was, under its own number.
  return (await tools.restore(b)).ok;
}
