import { commandWords, taskVerbs } from '@todo/language';
import { act } from '../act';
import type { Intent } from '../turn';

/**
 * "and the taxes too", "same for the plumber": the last change asked for, on another task.
 * Never a delete: a deletion needs its own word in the user's own message.
 */
export const alsoIntent: Intent = async (text, input) => {
  const last = input.memory?.last;
  if (!last || last.action === 'delete') return null;
  const m =
    /^(?:same|the same|do the same|ditto)\s+(?:for|with)\s+(.+)$/.exec(text) ??
    /^(.+?)\s+(?:too|as well|also)$/.exec(text);
  if (!m) return null;
  const first = m[1]!.split(/\s+/)[0]!;
  if (taskVerbs.has(first) || commandWords.has(first)) return null;
  return act(m[1]!, last.action, input, last.patch);
};
