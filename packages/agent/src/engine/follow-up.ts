import type { Task } from '@todo/contracts';
import { perform } from './act';
import { bulletList } from './format';
import { dateAnswer } from './intents/update';
import { pickCandidate } from './resolve';
import { done, emptyMemory, type PendingState, type TurnInput, type TurnResult } from './turn';

/** Answers to the engine's own questions: choosing among candidates, confirming bulk deletes. */

const yes =
  /^(y|yes|yeah|yep|yup|sure|ok|okay|confirm(ed)?|do it|go ahead|please do|delete (them|it|all|everything)|yes,? .*)$/;
const no = /^(n|no|nope|nah|cancel|stop|don't|dont|never ?mind|keep (them|it)|no,? .*|abort)$/;

export async function followUp(
  text: string,
  pending: PendingState,
  input: TurnInput,
): Promise<TurnResult | null> {
  if (pending.kind === 'confirm') {
    if (!Array.isArray(pending.taskIds)) return null;
    if (no.test(text)) return done('Okay, I kept everything. Nothing was deleted.');
    if (!yes.test(text)) return null;
    // Exactly the previewed set: tasks added since the preview are not in it.
    input.tools.justify({
      message: input.message,
      engine: 'offline',
      confirmedDeletes: pending.taskIds,
    });
    const existing = new Set((await input.tools.tasks()).map((t) => t.id));
    let deleted = 0;
    for (const taskId of pending.taskIds) {
      if (existing.has(taskId) && (await input.tools.call('delete_task', { taskId })).ok) deleted++;
    }
    return done(
      deleted
        ? `Done: deleted ${deleted} task${deleted === 1 ? '' : 's'}. Say “undo” to bring ${deleted === 1 ? 'it' : 'them'} back.`
        : 'There was nothing left to delete.',
    );
  }

  if (pending.kind === 'when') {
    // "Until when?": a date answers it; anything else is a new request (the question lapses).
    const patch = dateAnswer(text, input.now, input.timeZone);
    const task = patch && (await input.tools.tasks()).find((t) => t.id === pending.taskId);
    return task ? perform('update', task, patch, input) : null;
  }

  if (no.test(text) || /^(neither|none( of them)?)$/.test(text)) {
    return done('Okay, I left your tasks as they were.');
  }
  const tasks = (await input.tools.tasks()).filter((t) => pending.candidates.includes(t.id));
  const ordered = pending.candidates
    .map((id) => tasks.find((t) => t.id === id))
    .filter((t): t is Task => Boolean(t));
  // "both", "all of them": every task offered; several deletes are previewed and need a yes.
  if (
    /^(?:both|both of them|all|all of them|all three|them all|each of them|every one)$/.test(text)
  ) {
    if (pending.action === 'delete') {
      return done(
        `This will delete ${ordered.length} tasks:\n${bulletList(ordered, input.now, input.timeZone)}\nAre you sure? Reply “yes” to delete them or “no” to keep them.`,
        { kind: 'confirm', action: 'delete', taskIds: ordered.map((t) => t.id) },
      );
    }
    const replies: string[] = [];
    for (const task of ordered)
      replies.push((await perform(pending.action, task, pending.patch, input)).reply);
    return {
      ...done(replies.join('\n')),
      memory: { ...(input.memory ?? emptyMemory()), focus: ordered.map((t) => t.id) },
    };
  }
  const chosen = pickCandidate(text, ordered);
  if (!chosen) return null;
  // "the second one" answers "which one should I delete?": the delete was asked for then,
  // and may only touch one of the tasks offered.
  if (pending.action === 'delete') {
    input.tools.justify({
      message: input.message,
      engine: 'offline',
      confirmedDeletes: [chosen.id],
    });
  }
  return perform(pending.action, chosen, pending.patch, input);
}
