import { act } from '../act';
import { resolve } from '../resolve';
import type { Intent } from '../turn';

/** Marking a task done, and reopening one. */

export const reopenIntent: Intent = async (text, input) => {
  const m =
    /^(?:please\s+)?(?:reopen|re-open|uncomplete|un-complete|unmark|undo|restore|uncheck)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:mark|set|put)\s+(.+?)\s+(?:as\s+|back\s+to\s+)?(?:not done|undone|incomplete|not complete|not completed|not finished|pending|open|unfinished)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:is|isn't|is not)\s+(?:not\s+)?(?:done|finished|complete)\s+(?:yet|after all)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:isn't|isnt|is not|aren't|arent|are not|wasn't|wasnt|was not|weren't|werent)\s+(?:really\s+|actually\s+)?(?:done|finished|complete|completed)(?:\s+(?:yet|after all))?$/.exec(
      text,
    );
  return m ? act(m[1]!, 'reopen', input) : null;
};

/** Questions ("how many are done", "is the report done") change nothing. */
const question =
  /^(?:how|what|what's|whats|which|when|who|where|why|is|are|was|were|do|does|did|have|has|any|anything)\b/;

export const completeIntent: Intent = async (text, input) => {
  if (question.test(text)) return null;
  const m =
    /^(?:i've|ive|i have|we've|we have)\s+(?:just\s+|already\s+|finally\s+)?(?:done|finished|completed)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:i\s+)?(?:i've|ive|i have)?\s*(?:just\s+|already\s+|finally\s+)?(?:finished|completed|did|done with|am done with|'m done with|ticked off|checked off|crossed off)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:i'm|im|i am)\s+(?:done|finished)\s+with\s+(.+)$/.exec(text) ??
    /^(?:please\s+)?(?:mark|set|tick|check)\s+(.+?)\s+(?:as\s+|off\s+as\s+)?(?:done|complete|completed|finished|off)$/.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:complete|finish|check off|tick off|cross off|close)\s+(.+)$/.exec(text) ??
    /^done\s+(?:with\s+)?(.+)$/.exec(text) ??
    /^(.+?)\s+(?:is|are)\s+(?:now\s+)?(?:done|complete|completed|finished)$/.exec(text) ??
    /^(task\s*#?\d+|#\d+|\d+)\s+(?:done|complete|completed|finished)$/.exec(text) ??
    /^(.+?),\s*(?:please\s+)?(?:mark|tick|check) (?:it|that) (?:off|as done|done|complete)$/.exec(
      text,
    );
  if (m) return act(m[1]!, 'complete', input);
  // "taxes done", "milk finished": a title and a state, no verb. Only when it names a task.
  const bare = /^(.+?)\s+(?:done|finished|completed|complete)$/.exec(text);
  if (bare && !/^(?:i|i'm|im|i am|all|we|we're|you|it's|its)\b/.test(bare[1]!)) {
    const found = await resolve(bare[1]!, 'complete', input);
    if (found.kind !== 'none') return act(bare[1]!, 'complete', input);
  }
  return null;
};
