import { deleteRequested } from '@todo/language';
import { act } from '../act';
import { bulletList } from '../format';
import { done } from '../turn';
import type { Intent } from '../turn';

/** Deleting one task by reference, only when the user's words ask for a deletion. */
export const deleteIntent: Intent = async (text, input) => {
  if (!deleteRequested(input.message)) return null;
  const m =
    /^(?:please\s+)?(?:delete|remove|drop|erase|trash|scrap|get rid of|cancel|forget about|forget|discard|ditch|nuke|destroy|bin|throw away|throw out)\s+(.+?)(?:\s+from\s+(?:my|the)\s+(?:list|tasks|todos))?$/.exec(
      text,
    );
  if (!m) return null;
  // "delete work", "remove the home ones": a tag names a set, so preview it and wait for a yes.
  const tag = m[1]!
    .replace(/^(?:the|my|all)\s+/, '')
    .replace(/\s+(?:one|ones|task|tasks|stuff|things|items)$/, '')
    .replace(/^#/, '');
  if (/^[\p{L}\p{N}_-]+$/u.test(tag) && (await input.tools.tags()).includes(tag)) {
    const set = (await input.tools.tasks()).filter((t) => t.tags.includes(tag));
    return done(
      `This will delete ${set.length} task${set.length === 1 ? '' : 's'} tagged #${tag}:\n${bulletList(set.slice(0, 20), input.now, input.timeZone)}${set.length > 20 ? `\n…and ${set.length - 20} more.` : ''}\nAre you sure? Reply “yes” to delete ${set.length === 1 ? 'it' : 'them'} or “no” to keep ${set.length === 1 ? 'it' : 'them'}.`,
      { kind: 'confirm', action: 'delete', taskIds: set.map((t) => t.id) },
    );
  }
  return act(m[1]!, 'delete', input);
};
