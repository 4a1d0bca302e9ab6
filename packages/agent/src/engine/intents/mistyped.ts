import { deleteRequested, editDistance } from '@todo/language';
import { describeTask } from '../format';
import { resolve } from '../resolve';
import { done, type Intent } from '../turn';
import { updateIntent } from './update';

/** Delete words a typo could make ("delte", "remvoe"): never corrected silently. */
const deleteWords = ['delete', 'remove', 'discard', 'destroy', 'cancel'];

/**
 * A misspelt delete word opening a message. Taking an attribute off ("remvoe the due date from
 * the report") deletes nothing, so it is read as meant. A task deletion ("delte the milk task")
 * is only offered: it needs a yes, since the word was not spelt out.
 */
export const mistypedDeleteIntent: Intent = async (text, input) => {
  const first = text.split(/\s+/)[0]!;
  const meant =
    first.length >= 5 && deleteWords.find((w) => w !== first && editDistance(first, w, 1) <= 1);
  if (!meant) return null;
  const rest = text.slice(first.length).trim();
  const message = `${meant} ${rest}`;
  if (!deleteRequested(message)) {
    const read = rest && (await updateIntent(message, { ...input, message }));
    if (read) return read;
  } else {
    const ref = rest.replace(/\s+from\s+(?:my|the)\s+(?:to-?do\s+)?(?:list|tasks|todos)$/, '');
    const found = ref ? await resolve(ref, 'delete', input) : { kind: 'none' as const };
    if (found.kind === 'one') {
      return done(
        `Did you mean “${meant}”? Reply “yes” to delete ${describeTask(found.task, input.now, input.timeZone)} or “no” to keep it.`,
        { kind: 'confirm', action: 'delete', taskIds: [found.task.id] },
      );
    }
  }
  return done(
    `Did you mean “${meant}”? I only delete when the word is spelt out, so nothing was changed. Say “${message}” if that is what you want.`,
  );
};
