import { taskVerbOf } from '@todo/language';
import { act } from '../act';
import { bulletList } from '../format';
import { resolve } from '../resolve';
import { done, type Intent } from '../turn';

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
    /^(.+?)\s+(?:needs?|has to be|have to be|must be)\s+(?:doing|done|redoing|redone|to be done|to be redone)\s+(?:again|over)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:isn't|isnt|is not|aren't|arent|are not|wasn't|wasnt|was not|weren't|werent)\s+(?:really\s+|actually\s+)?(?:done|finished|complete|completed)(?:\s+(?:yet|after all|actually|really|though))?$/.exec(
      text,
    ) ??
    completedStill(text);
  if (m) return act(m[1]!, 'reopen', input);
  // "laundry isn't done actually, reopen it": the task named in the first clause.
  const then =
    /^(.+?)\s*[,;.-]+\s*(?:so\s+|please\s+|pls\s+)?(?:reopen|re-open|unmark|uncheck|uncomplete)\s+(?:it|that|this)(?:\s+please)?$/.exec(
      text,
    );
  if (!then) return null;
  const ref = then[1]!.replace(
    /\s+(?:is|are|was|isn't|isnt|is not|wasn't|wasnt|was not|aren't|arent|not)\b.*$/,
    '',
  );
  return act(ref, 'reopen', input);
};

/**
 * "laundry still needs doing", "the laundry still isn't done": said of a task, it is open again.
 * Only a completed task is reopened by it (of an open one it is just true).
 */
function completedStill(text: string): [string, string] | null {
  const m =
    /^(.+?)\s+(?:still|actually)\s+(?:needs?|has|have|wants?)\s+(?:doing|to be done|done|finishing|to be finished)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:is|are)\s+still\s+(?:open|pending|not done|unfinished|to do|to be done|outstanding)$/.exec(
      text,
    ) ??
    /^(.+?)\s+still\s+(?:isn't|isnt|is not|aren't|arent|are not)\s+(?:done|finished|complete|completed)$/.exec(
      text,
    );
  return m && !/^(?:it|that|this|what|which|who|i|we|you)$/.test(m[1]!) ? [m[0], m[1]!] : null;
}

/** Ways of saying a thing is done that name no task verb: "knocked out the taxes". */
const doneIdioms =
  'knocked out|sorted out|sorted|handled|dealt with|took care of|taken care of|wrapped up|nailed|got through|ticked';

/**
 * A statement that a task's own action happened: "I bought the milk", "rent is paid", "the
 * plumber has been called". The past form names the task's verb ("bought" → "buy"), and the
 * statement counts only when verb and object together name exactly one open task.
 */
async function pastStatement(text: string, input: Parameters<Intent>[1]): Promise<string | null> {
  // "just called mom", "paid the rent": no subject, but the first word is a past form.
  const bare = /^(?:just\s+|already\s+|finally\s+)?([a-z]+)\s+(.+)$/.exec(text);
  const subject =
    /^(?:i|we)\s+(?:just\s+|already\s+|finally\s+|have\s+|'ve\s+)?([a-z]+)\s+(.+)$/.exec(text);
  const after =
    /^(.+?)\s+(?:is|are|was|were|has been|have been|got|been)?\s*(?:just\s+|already\s+|finally\s+|now\s+|all\s+)?([a-z]+)$/.exec(
      text,
    );
  // Each reading as [verb, object]; the first whose verb and object name one open task counts.
  const readings: [string, string][] = subject
    ? [[subject[1]!, subject[2]!]]
    : [
        ...(bare && taskVerbOf(bare[1]!) ? [[bare[1]!, bare[2]!] as [string, string]] : []),
        ...(after ? [[after[2]!, after[1]!] as [string, string]] : []),
      ];
  for (const [verb, object] of readings) {
    const base = taskVerbOf(verb);
    if (!base) continue;
    const ref = `${base} ${object}`;
    const found = await resolve(ref, 'complete', input);
    if (found.kind !== 'one' || found.task.completed) continue;
    const title = found.task.title.toLowerCase();
    // The verb must be the task's own ("paid" means "Pay rent", not any task about rent).
    if (title.split(/\s+/).some((w) => w.startsWith(base.slice(0, 3)))) return ref;
  }
  return null;
}

/** Questions ("how many are done", "is the report done") change nothing. */
const question =
  /^(?:how|what|what's|whats|which|when|who|where|why|is|are|was|were|do|does|did|have|has|any|anything)\b/;

/** A bare "done": the one task in view, or a question (which one?) that changes nothing. */
async function bareDone(input: Parameters<Intent>[1]) {
  // One task in view (just listed, added or changed) is done; several in view: act asks which.
  if (input.memory?.focus.length) return act('that', 'complete', input);
  const open = (await input.tools.tasks()).filter((t) => !t.completed).slice(0, 50);
  if (!open.length) return done('There is nothing open to mark done.');
  return done(
    `Which task is done?\n${bulletList(open.slice(0, 5), input.now, input.timeZone)}\nReply with its number or words of its title.`,
    { kind: 'choose', action: 'complete', candidates: open.map((t) => t.id) },
  );
}

export const completeIntent: Intent = async (text, input) => {
  if (
    /^(?:(?:it's|its|it is|that's|thats|that is)\s+)?(?:done|finished|finish|complete|completed)(?:\s+(?:now|already))?$|^(?:did|done|finished|completed) (?:it|that)$|^mark (?:it |that |this )?(?:as )?(?:done|complete|completed|finished)$/.test(
      text,
    ) &&
    !/\?\s*$/.test(input.message)
  )
    return bareDone(input);
  // "report done?" asks whether it is; the normalised text has lost its "?".
  if (question.test(text) || /\?\s*$/.test(input.message)) return null;
  const m =
    /^(?:i've|ive|i have|we've|we have)\s+(?:just\s+|already\s+|finally\s+)?(?:done|finished|completed)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:i\s+)?(?:i've|ive|i have)?\s*(?:just\s+|already\s+|finally\s+)?(?:finished|completed|did|done with|am done with|'m done with|ticked off|checked off|crossed off|knocked out|sorted out|sorted|handled|dealt with|took care of|taken care of|wrapped up|nailed|got through)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:i'm|im|i am)\s+(?:done|finished)\s+with\s+(.+)$/.exec(text) ??
    /^(?:please\s+)?(?:mark|set|tick|check)\s+(.+?)\s+(?:as\s+|off\s+as\s+)?(?:done|complete|completed|finished|off)$/.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:complete|finish|check off|tick off|tick|cross off|cross out|close out|close)\s+(.+)$/.exec(
      text,
    ) ??
    /^done\s*(?::|-|–|\s)\s*(?:with\s+)?(.+)$/.exec(text) ??
    // "report: done", "that's done"
    /^(.+?)\s*(?::|-|–|'s)\s*(?:now\s+|all\s+)?(?:done|complete|completed|finished)$/.exec(text) ??
    new RegExp(
      `^(.+?)\\s+(?:is|are|has been|have been)\\s+(?:now\\s+|all\\s+)?(?:done|complete|completed|finished|${doneIdioms})$`,
    ).exec(text) ??
    /^(task\s*#?\d+|#\d+|\d+)\s+(?:done|complete|completed|finished)$/.exec(text) ??
    /^(.+?),\s*(?:please\s+)?(?:mark|tick|check) (?:it|that) (?:off|as done|done|complete)$/.exec(
      text,
    );
  if (m) return act(m[1]!, 'complete', input);
  const said = await pastStatement(text, input);
  if (said) return act(said, 'complete', input);
  // "I've called the plumber and paid the rent": each clause a past statement, all or none.
  const subject = /^(?:i|we)(?:'ve|\s+have)?\s/.exec(text);
  if (subject && text.length <= 300 && /\s(?:and|&)\s|,\s/.test(text)) {
    const clauses = text
      .slice(subject[0].length)
      .split(/\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+(?:(?:i|we)(?:'ve|\s+have)?\s+)?(?:also\s+)?/);
    const refs: string[] = [];
    for (const clause of clauses) {
      const ref = await pastStatement(`i ${clause}`, input);
      if (!ref) return null;
      refs.push(ref);
    }
    const replies: string[] = [];
    for (const ref of refs) replies.push((await act(ref, 'complete', input)).reply);
    return done(replies.join('\n'));
  }
  // "taxes done", "milk finished": a title and a state, no verb. Only when it names a task.
  const bare = /^(.+?)\s+(?:done|finished|completed|complete)$/.exec(text);
  if (bare && !/^(?:i|i'm|im|i am|all|we|we're|you|it's|its)\b/.test(bare[1]!)) {
    const found = await resolve(bare[1]!, 'complete', input);
    if (found.kind !== 'none') return act(bare[1]!, 'complete', input);
  }
  return null;
};
