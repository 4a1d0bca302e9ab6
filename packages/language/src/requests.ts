import { closestWord } from './fuzzy';
import { commandWords, DELETE_WORDS } from './vocabulary';

/**
 * What a user's own message can justify: the one reading of "is this a delete?", "is this a
 * read-only question?" that the offline engine, the LLM guardrail and the confirmation rule
 * share. Text in quotes is a title the user is naming, never a request.
 */

const preface =
  /^(?:(?:please|pls|plz|kindly|ok|okay|yes|yeah|now|then|and|also|just|hey|so|oh|actually|can you|could you|would you|will you|i want to|i'd like to|i would like to|go ahead and|let's|lets)\b[\s,]*)*/;

const addCue =
  /^(?:add|create|new|make a|put|insert|schedule|remind me|remember to|don'?t forget|do not forget|note to self|note:|todo|to-do|task:|(?:i\s+)?(?:need to|have to|must|should|gotta|got to|'ve got to|ve got to|am going to|'m going to|m going to|'m gonna|m gonna|am gonna|gonna))\b/;

/** The nouns of a task's attributes: "remove the tag", "clear the due date" are not deletions. */
const attributeNoun =
  /^(?:the\s+|its\s+|a\s+|that\s+)?(?:tags?|labels?|#[^\d\s]\S*|priority|prio|urgency|importance|due|dates?|deadline|times?|notes?|descriptions?|reminders?|repeats?|repeating|recurrences?|recurring|repetitions?)\b/;
/** An attribute named before "from"/"off": "remove finance tag from taxes", "drop the work label off it". */
const attributeObject =
  /^(?:[^\s,;.]+\s+){0,3}?(?:tags?|labels?|priority|due date|deadline|notes?|description|repeat|recurrence)\s+(?:from|off|of|on|for)\b/;

const deletePattern = new RegExp(
  `(?:^|[,;.]\\s*|\\b(?:and|also|then|please)\\s+)(${DELETE_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})\\b`,
  'g',
);

/** The message as compared: lower case, plain quotes, quoted titles blanked out. */
export function plain(message: string): string {
  return message
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/"[^"]*"|“[^”]*”|'[^']{2,}'(?!\w)/g, ' "" ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The message with command words corrected ("compelte" → "complete"); delete words never are. */
export function correctCommands(text: string): string {
  return text.replace(/[a-z]+/g, (w) => (w.length >= 4 ? (closestWord(w, commandWords) ?? w) : w));
}

const stripPreface = (t: string) => t.replace(preface, '');

/** Whether the user's own words ask to delete one or more tasks. */
export function deleteRequested(message: string): boolean {
  const text = stripPreface(plain(message));
  if (addCue.test(text)) return false;
  // "forget it", "forget about that": never mind, not a deletion of the task in view.
  if (
    /^(?:oh\s+|just\s+|ok\s+|okay\s+)*forget\s+(?:about\s+)?(?:it|that|this)(?:\s+then)?[.!]*$/.test(
      text,
    )
  )
    return false;
  for (const m of text.matchAll(deletePattern)) {
    const before = text.slice(0, m.index);
    // "remind me to cancel…", "don't forget…", "need to drop off…" name work, not a deletion.
    if (
      /\b(?:to|not|n't|dont|never|gotta|gonna|wanna|must|should)\s*$/.test(
        before.replace(/[,;.]\s*$/, ''),
      )
    )
      continue;
    const after = text.slice(m.index + m[0].length).trim();
    if (attributeNoun.test(after) || attributeObject.test(after)) continue;
    // "remove urgency from taxes", "take the star off the report": something taken from a task,
    // not the task. "… from my list" and "… from last week" still name tasks to delete.
    if (
      /^(?:remove|drop|strip|clear|take)$/.test(m[1]!) &&
      /^.+?\s+(?:from|off)\s+(?!(?:my|the|your)\s+(?:to-?do\s+)?(?:list|tasks|todos|agenda)\b|(?:last|this|next|yesterday|today|tomorrow|the\s+past)\b)\S/.test(
        after,
      )
    )
      continue;
    // "drop off the parcel", "clear up", "bin day" are errands, not commands.
    if (/^(?:off|by|in|out|up|day)\b/.test(after) && !/^out\s+(?:my|the|all)/.test(after)) continue;
    return true;
  }
  return false;
}

/** A delete that names a set, not one task: it must be previewed and confirmed with a yes. */
export function bulkDeleteRequested(message: string): boolean {
  if (!deleteRequested(message)) return false;
  const text = plain(message);
  return /\b(?:all|every|everything|each|entire|whole|completed|done|finished|them|both|those|these|the lot|tasks|todos|items|ones|list)\b/.test(
    text,
  );
}

const questionStart =
  /^(?:show|list|display|view|see|what|what's|whats|which|when|how many|how much|do i|did i|have i|am i|is there|are there|any|anything|find|search|look|tell me|give me|get me|remind me what|check|count|where)\b/;
const writeWord =
  /\b(?:add|create|new|remind me to|mark|complete|finish|done|tick|check off|cross off|move|push|postpone|reschedule|delay|rename|retitle|change|set|make|tag|untag|label|prioriti[sz]e|deprioriti[sz]e|reopen|undo|update|edit|bump|shift)\b/;

/** A question or a request to see tasks, which justifies no change at all. */
export function readOnlyRequest(message: string): boolean {
  const text = correctCommands(stripPreface(plain(message)));
  if (deleteRequested(message)) return false;
  if (questionStart.test(text) && !writeWord.test(text)) return true;
  // A count is a question whatever words it counts ("how many are done").
  if (/^(?:how many|how much|count)\b/.test(text)) return true;
  if (/^(?:my\s+)?(?:tasks|todos|list|agenda|overdue|today)\??$/.test(text)) return true;
  return false;
}

/**
 * A change of a task's attributes only (tags, priority, date, title, note): it may update
 * tasks but never create or delete one.
 */
export function attributeChangeRequest(message: string): boolean {
  const text = correctCommands(stripPreface(plain(message)));
  if (addCue.test(text)) return false;
  const removal = /^(?:remove|delete|drop|clear|take|strip|cancel|get rid of)\s+/.exec(text);
  return (
    /^(?:rename|retitle|tag|untag|label|prioriti[sz]e|deprioriti[sz]e|move|push|postpone|reschedule|delay|bump|shift|change|set|make|stop (?:repeating|recurring))\b/.test(
      text,
    ) ||
    (removal !== null &&
      (/^(?:the\s+|its\s+)?(?:tags?|labels?|#[^\d\s]\S*|priority|due|date|deadline|note|description|repeat|recurrence)\b/.test(
        text.slice(removal[0].length),
      ) ||
        attributeObject.test(text.slice(removal[0].length))))
  );
}

/** The message marks tasks done (or "did" them). */
export function completeRequested(message: string): boolean {
  const text = correctCommands(plain(message));
  return /\b(?:done|complete|completed|finish|finished|tick|ticked|check(?:ed)? off|cross(?:ed)? off|did|mark|close)\b/.test(
    text,
  );
}
