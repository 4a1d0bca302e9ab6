import type { Task } from '@todo/contracts';
import { perform } from './act';
import { pickCandidate } from './resolve';
import { done, type PendingState, type TurnInput, type TurnResult } from './turn';

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
    if (no.test(text)) return done('Okay, I kept everything. Nothing was deleted.');
    if (!yes.test(text)) return null;
    const tasks = await input.tools.tasks();
    const targets = pending.action === 'delete_all' ? tasks : tasks.filter((t) => t.completed);
    for (const task of targets) await input.tools.call('delete_task', { taskId: task.id });
    const what = pending.action === 'delete_all' ? 'task' : 'completed task';
    return done(
      targets.length
        ? `Done: deleted ${targets.length} ${what}${targets.length === 1 ? '' : 's'}.`
        : `There was nothing to delete.`,
    );
  }

  if (no.test(text) || /^(neither|none( of them)?)$/.test(text)) {
    return done('Okay, I left your tasks as they were.');
  }
  const tasks = (await input.tools.tasks()).filter((t) => pending.candidates.includes(t.id));
  const ordered = pending.candidates
    .map((id) => tasks.find((t) => t.id === id))
    .filter((t): t is Task => Boolean(t));
  const chosen = pickCandidate(text, ordered);
  if (!chosen) return null;
  return perform(pending.action, chosen, pending.patch, input);
}
