import type { Task } from '@todo/contracts';
import { act, perform } from '../act';
import { priorityWords, tagList } from '../attributes';
import { countOf, findDue, findTime, parseTaskText } from '@todo/language';
import { bulletList } from '../format';
import { addTrigger } from './add';
import { originalCase } from '../normalise';
import { resolve, singularPronoun } from '../resolve';
import {
  done,
  emptyMemory,
  type Intent,
  type Patch,
  type TurnInput,
  type TurnResult,
} from '../turn';

/**
 * Changing tasks: title, priority, due date, tags, description. A message is read as one or
 * more change clauses ("move 3 to friday and make it urgent"): each clause names a task (or
 * "it": the task of the clause before) and a patch. All the tasks are resolved before anything
 * is written, so a command is done whole or not at all: never half of it silently.
 */

const question =
  /^(what|what's|whats|which|who|when|how|anything|is there|are there|do i|show|list)\b/;

/** One change clause: the task it names and what changes; or a reply when it cannot be done. */
type Clause = { ref: string; patch: Patch; addsIfUnknown?: boolean } | { reply: TurnResult };

export const updateIntent: Intent = async (text, input) => {
  if (question.test(text)) return null;
  const clauses = compound(text, input);
  if (clauses) return actOnClauses(clauses, input);
  const change =
    readChange(text, input) ?? askWhen(text) ?? stated(text, input) ?? justDate(text, input);
  if (!change) return null;
  if ('reply' in change) return change.reply;
  // "repeat the affirmation every morning" names no task of the list: a new task, not a change.
  if (change.addsIfUnknown && (await resolve(change.ref, 'update', input)).kind === 'none')
    return null;
  return act(change.ref, 'update', input, change.patch);
};

/**
 * A change stated without a verb: "taxes due friday", "dentist at 4pm instead". Only when the
 * words before the date name a task of the list (else "essay due friday" is a new task).
 */
function stated(text: string, input: TurnInput): Clause | null {
  // "is the report due monday?" asks; it changes nothing.
  if (addTrigger.test(text) || /\?\s*$/.test(input.message)) return null;
  if (/^(?:is|are|was|does|do|did|will|can|could|should|when|what|which|how|why)\s/.test(text))
    return null;
  const instead = /^(.+?)\s+instead$/.exec(text);
  if (instead) {
    const change = readChange(instead[1]!, input);
    if (change) return change;
  }
  // "tuesday instead": a new date for the task in view.
  const only = instead && dateAnswer(instead[1]!, input.now, input.timeZone);
  if (only) return { ref: 'it', patch: only };
  const words = (instead ? instead[1]! : text).split(' ');
  const due = /^(.+?)\s+(?:is\s+|are\s+)?(?:now\s+)?due\s+(.+)$/.exec(words.join(' '));
  if (due) {
    const patch = dateAnswer(due[2]!, input.now, input.timeZone);
    // "it's due friday": the task in view.
    const ref = /^(?:it's|its|it is|that's|thats|that is|this is)$/.test(due[1]!) ? 'it' : due[1]!;
    return patch ? { ref, patch, addsIfUnknown: ref !== 'it' } : null;
  }
  if (!instead) return null;
  // "add buy milk" then "buy bread instead": the task just added gets the new words, unless
  // they name another task ("the plumber instead" is not a title).
  const undo = input.memory?.undo ?? [];
  const focus = input.memory?.focus ?? [];
  if (
    undo.length === 1 &&
    undo[0]!.kind === 'created' &&
    focus.length === 1 &&
    undo[0]!.taskId === focus[0] &&
    !findDue(instead[1]!, input.now, input.timeZone) &&
    !/^(?:the|my|that|this|it)\b/.test(instead[1]!)
  )
    return { ref: 'it', patch: { title: originalCase(input.message, instead[1]!) } };
  // The longest tail that is only a date or time; the words before it are the task.
  for (let k = Math.min(6, words.length - 1); k >= 1; k--) {
    const patch = dateAnswer(words.slice(-k).join(' '), input.now, input.timeZone);
    if (patch && !patch.shiftMinutes) {
      const ref = words
        .slice(0, -k)
        .join(' ')
        .replace(/\s+(?:to|for|at|on|by)$/, '');
      return { ref, patch, addsIfUnknown: true };
    }
  }
  return null;
}

/**
 * The task the last change was made to, when it is the one in view: "add get a haircut" then
 * "actually, friday" (or "make it urgent"). Null after a listing or when several are in view.
 */
export function justChanged(input: TurnInput): number | null {
  const focus = input.memory?.focus ?? [];
  const undo = input.memory?.undo ?? [];
  if (focus.length !== 1) return null;
  const id = focus[0]!;
  return undo.some((c) => (c.kind === 'created' ? c.taskId : c.before.id) === id) ? id : null;
}

/** "friday", "at 3pm", "in 2 days" alone, right after a task was added or changed: its date. */
function justDate(text: string, input: TurnInput): Clause | null {
  if (/\?\s*$/.test(input.message) || justChanged(input) === null) return null;
  // "weekly" alone says how often, not when: it needs "make it weekly".
  if (parseTaskText(text, { now: input.now, timeZone: input.timeZone }).recurrence) return null;
  const patch = dateAnswer(text, input.now, input.timeZone);
  return patch ? { ref: 'it', patch } : null;
}

/** "postpone the report", "push the dentist back": no date named, so ask until when. */
function askWhen(text: string): Clause | null {
  const m =
    /^(?:please\s+)?(?:postpone|delay|defer|reschedule|put off|push back|move back|bump back|push off)\s+(.+)$/.exec(
      text,
    ) ?? /^(?:please\s+)?(?:push|bump|move|put)\s+(.+?)\s+(?:back|out|off|later)$/.exec(text);
  return m ? { ref: m[1]!, patch: { askDate: true } } : null;
}

const shiftUnits: Record<string, number> = { minute: 1, hour: 60, day: 1440, week: 7 * 1440 };
export const minutesOf = (count: string, unit: string) =>
  (countOf(count.replace(/^a (couple|few) of$/, '$1').replace(/^a few$/, 'few')) ?? 1) *
  shiftUnits[unit.replace(/s$/, '')]!;

/**
 * The answer to "until when?": words that are only a date, a time or a shift ("monday", "3pm",
 * "in 3 days", "a week"); null for anything else, which is then read as a new request.
 */
export function dateAnswer(text: string, now: Date, timeZone: string): Patch | null {
  const words = text.replace(
    /^(?:(?:let's say|lets say|say|how about|maybe|make it|move it to|push it to|until|till|til|to|for|on|by)\s+)+/,
    '',
  );
  const shift =
    /^(?:by\s+)?(a|an|one|two|three|four|five|six|seven|\d+|a couple of|a few)\s+(days?|weeks?|hours?|minutes?)(?:\s+(?:later|more|back))?$/.exec(
      words,
    );
  if (shift) return { shiftMinutes: minutesOf(shift[1]!, shift[2]!) };
  const parsed = parseTaskText(words, { now, timeZone });
  if (!parsed.dueAt || parsed.title.replace(/^(?:at|on|by|to)\b\s*/, '')) return null;
  const time = findTime(words);
  if (time && !/[a-z]{3,}day|tomorrow|today|tonight|week|month/.test(words))
    return { dueTime: time };
  const due = findDue(words, now, timeZone);
  if (!due) return null;
  return due.hasTime ? { dueAt: due.dueAt.toISOString() } : { dueDay: due.dueAt.toISOString() };
}

const repeatWords =
  /^(?:(?:every|each)\s+.+|daily|weekly|monthly|yearly|annually|fortnightly|biweekly|(?:on\s+)?weekdays|every\s*day)$/;

/** The RRULE of words that are only a repeat ("every monday", "weekly"), else null. */
function ruleOf(words: string, input: TurnInput): string | null {
  if (!repeatWords.test(words)) return null;
  const parsed = parseTaskText(words, { now: input.now, timeZone: input.timeZone });
  return parsed.recurrence && !parsed.title ? parsed.recurrence : null;
}

/** Setting or stopping a task's repeat: "make it weekly", "repeat the rent every month". */
function readRepeat(text: string, input: TurnInput): Clause | null {
  // "repeat every monday", "repeat weekly": the task in view.
  const plain =
    /^(?:please\s+)?(?:repeat|recur)(?:\s+it)?\s+((?:every|each|on)\s+.+|daily|weekly|monthly|yearly|annually|fortnightly|biweekly|weekdays)$/.exec(
      text,
    );
  const plainRule = plain && ruleOf(plain[1]!.replace(/^on\s+/, ''), input);
  if (plainRule) return { ref: 'it', patch: { recurrence: plainRule } };
  let m =
    /^(?:please\s+)?(?:repeat|recur)\s+(.+?)\s+((?:every|each|on)\s+.+|daily|weekly|monthly|yearly|annually|fortnightly|biweekly|weekdays)$/.exec(
      text,
    );
  if (m) {
    // "repeat it every monday", "repeat the rent every month": the first split whose tail is a
    // repeat ("repeat call mom every week" is the task "call mom").
    const rule = ruleOf(m[2]!.replace(/^on\s+/, ''), input);
    if (rule) return { ref: m[1]!, patch: { recurrence: rule }, addsIfUnknown: true };
  }
  m =
    /^(?:please\s+)?(?:make|set|have|turn)\s+(.+?)\s+(?:(?:into\s+)?(?:a\s+)?(?:repeat(?:ing|s)?|recur(?:ring|s)?)(?:\s+task)?\s+)?((?:every|each)\s+.+|daily|weekly|monthly|yearly|annually|fortnightly|biweekly|weekdays)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:should|must|needs to|has to|will|can)?\s*(?:repeats?|recurs?|be repeated|happens?)\s+(.+)$/.exec(
      text,
    );
  if (m && !/^(?:what|which|how|when|why|does|do|is)\b/.test(m[1]!) && !addTrigger.test(text)) {
    const rule = ruleOf(m[2]!.replace(/^on\s+/, ''), input);
    // "yoga happens every monday" with no yoga task may be a new task: then not a change.
    if (rule)
      return {
        ref: m[1]!,
        patch: { recurrence: rule },
        addsIfUnknown: !/^(?:make|set|have|turn)\s/.test(text),
      };
  }
  // stopping
  m =
    /^(?:please\s+)?(?:stop|quit|end)\s+(?:repeating|recurring)(?:\s+(.+))?$/.exec(text) ??
    /^(?:please\s+)?(?:stop|end)\s+(.+?)\s+(?:from\s+)?(?:repeating|recurring)$/.exec(text) ??
    /^(?:please\s+)?(?:don't|dont|do not|no longer)\s+(?:repeat|recur)\s+(.+)$/.exec(text) ??
    /^(?:please\s+)?(?:remove|cancel|clear|delete|drop|end|stop|turn off|take off|get rid of)\s+(?:the\s+)?(?:repeat|repeats|recurrence|repetition|repeating|recurring)(?:\s+(?:rule|schedule))?(?:\s+(?:on|of|for|from|off)\s+(.+))?$/.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:make|set)\s+(.+?)\s+(?:not\s+(?:repeat|recur)(?:ing)?|non-?recurring|non-?repeating|(?:a\s+)?one-?off|(?:a\s+)?one-?time(?:\s+task)?)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:should not|shouldn't|shouldnt|doesn't need to|does not need to|no longer needs to|doesn't|does not|no longer)\s+(?:repeat|recur)s?(?:\s+any\s?more)?$/.exec(
      text,
    );
  if (m) return { ref: m[1] ?? 'it', patch: { recurrence: null } };
  return null;
}

// Where a second clause may start: "… and make it urgent", "…, then tag it home", "… plus …".
const joint = /\s*(?:,\s*)?\b(?:and(?:\s+then)?|then|also|plus)\s+|\s*[,;]\s+/g;

/** The clauses of a message with two or more changes, or null when it is one change. */
function compound(text: string, input: TurnInput): { ref: string; patch: Patch }[] | null {
  // Bounded work: a command of several changes is a sentence, not a 2,000-word message.
  if (text.length > 300) return null;
  for (const m of text.matchAll(joint)) {
    const left = text.slice(0, m.index);
    const right = text.slice(m.index + m[0].length);
    const first = readChange(left, input);
    if (!first || 'reply' in first) continue;
    // "… and low priority", "… and due saturday": the clause's verb and task are the first's.
    const verb = left.split(' ')[0]!;
    const rest =
      compound(right, input) ??
      single(right, input) ??
      attributeOnly(single(`${verb} it ${right}`, input)) ??
      attributeOnly(single(`make it ${right}`, input));
    if (!rest) continue;
    // "… and make it urgent": "it" is the task the first clause named.
    return [first, ...rest.map((c) => (pronounRef(c.ref) ? { ...c, ref: first.ref } : c))];
  }
  return null;
}

function single(text: string, input: TurnInput): { ref: string; patch: Patch }[] | null {
  const c = readChange(text, input);
  return c && !('reply' in c) ? [c] : null;
}

/** An elliptical clause ("… and low priority") never retitles: "and dad" is part of a title. */
const attributeOnly = (c: { ref: string; patch: Patch }[] | null) =>
  c && c.every((x) => x.patch.title === undefined) ? c : null;

const pronounRef = (ref: string) => singularPronoun.test(ref.trim()) || /^(?:them|both)$/.test(ref);

/** Resolve every clause first; then one write per task with the clauses' patches merged. */
async function actOnClauses(
  clauses: { ref: string; patch: Patch }[],
  input: TurnInput,
): Promise<TurnResult> {
  const byTask = new Map<number, { task: Task; patch: Patch }>();
  for (const { ref, patch } of clauses) {
    const found = await resolve(ref, 'update', input);
    if (found.kind !== 'one') {
      const shown = found.kind === 'many' ? found.tasks.slice(0, 5) : [];
      // Asking, not guessing: nothing of the command is done until every task is clear.
      return done(
        found.kind === 'many'
          ? `More than one task matches “${ref}”, so I changed nothing yet. Which one?\n${bulletList(shown, input.now, input.timeZone)}\nSay the whole command again with its number.`
          : `I couldn't find a task matching “${ref}”, so I changed nothing. Say “show my tasks” to see them with their numbers.`,
      );
    }
    const entry = byTask.get(found.task.id);
    byTask.set(found.task.id, { task: found.task, patch: merge(entry?.patch ?? {}, patch) });
  }
  const replies: string[] = [];
  for (const { task, patch } of byTask.values()) {
    replies.push((await perform('update', task, patch, input)).reply);
  }
  return {
    ...done(replies.join('\n')),
    memory: { ...(input.memory ?? emptyMemory()), focus: [...byTask.keys()] },
  };
}

function merge(a: Patch, b: Patch): Patch {
  const tags = (x?: string[], y?: string[]) => (x || y ? [...(x ?? []), ...(y ?? [])] : undefined);
  const out: Patch = { ...a, ...b };
  const add = tags(a.addTags, b.addTags);
  const remove = tags(a.removeTags, b.removeTags);
  if (add) out.addTags = add;
  if (remove) out.removeTags = remove;
  return out;
}

/** One change clause, read from its words; null when the words are not a change. */
function readChange(text: string, input: TurnInput): Clause | null {
  let m: RegExpExecArray | [string, string, string] | null;
  // rename
  m =
    /^(?:please\s+)?(?:rename|retitle)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/.exec(text) ??
    /^(?:please\s+)?(?:rename|retitle)\s+(.+?)\s*:\s*(.+)$/.exec(text) ??
    /^(?:please\s+)?(?:rename|retitle)\s+(.+?)\s+("[^"]+")$/.exec(text) ??
    /^change\s+(?:the\s+)?(?:title|name)\s+(?:of\s+)?(.+?)\s+to\s+(.+)$/.exec(text);
  if (m) return { ref: m[1]!, patch: { title: originalCase(input.message, m[2]!) } };

  // "lower the priority on the taxes", "raise the report's priority", "make mom less urgent":
  // one step from where the task is.
  m =
    /^(?:please\s+)?(lower|reduce|decrease|drop|raise|increase|bump up|up)\s+(?:the\s+)?(?:priority|importance|urgency)\s+(?:of|on|for)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:please\s+)?(lower|reduce|decrease|raise|increase)\s+(.+?)(?:'s|s')?\s+(?:priority|importance|urgency)$/.exec(
      text,
    ) ??
    /^(?:please\s+)?make\s+(.+?)\s+(less|more)\s+(?:urgent|important|of a priority|pressing)$/.exec(
      text,
    );
  // ... unless a level is named ("drop the priority of taxes to low").
  if (m && !/\b(?:to|at|as)\s+(?:high|medium|normal|low|urgent|top)(?:\s+priority)?$/.test(text)) {
    const made = /^(?:please\s+)?make\s/.test(text);
    const [word, ref] = made ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
    const step = /^(?:raise|increase|bump up|up|more)$/.test(word) ? 1 : -1;
    return { ref, patch: { priorityStep: step } };
  }
  // priority
  m =
    /^(?:set|change|make|drop|lower|raise|bump)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(.+?)\s+(?:to\s+)?(high|medium|normal|low)$/.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:make|set|mark|change|bump|raise|lower|move|put)\s+(.+?)\s+(?:to\s+|as\s+|at\s+)?(high|medium|normal|low|urgent|important|top)(?:\s+priority)?$/.exec(
      text,
    );
  if (m) return { ref: m[1]!, patch: { priority: priorityWords[m[2]!]! } };
  // "taxes is not urgent anymore", "the report isn't important after all": low.
  m =
    /^(.+?)\s+(?:is|are|isn't|isnt|aren't|arent)\s+(?:not\s+|no longer\s+)?(?:that\s+|so\s+|very\s+)?(?:a\s+)?(?:urgent|important|high priority|priority|pressing)(?:\s+(?:any\s?more|now|after all|actually))?$/.exec(
      text,
    );
  if (
    m &&
    /\s(?:not|isn't|isnt|aren't|arent|no longer)\s/.test(text) &&
    !/^(?:what|which|how|who|it's|this|that)\b/.test(m[1]!)
  )
    return { ref: m[1]!, patch: { priority: 'low' } };
  // "mom is high priority", "the report is now urgent"
  m =
    /^(.+?)\s+(?:is|are|can be|could be|should be|must be|needs to be)\s+(?:now\s+)?(?:a\s+)?(high|medium|normal|low|urgent|important|top)(?:\s+priority)?$/.exec(
      text,
    );
  if (m && !/^(?:what|which|how|who|it's|this|that)\b/.test(m[1]!))
    return { ref: m[1]!, patch: { priority: priorityWords[m[2]!]! } };
  // "remove urgency from taxes", "take the high priority off the report": back to medium.
  m =
    /^(?:remove|drop|take|strip|clear|get rid of)\s+(?:the\s+)?(?:urgency|importance|urgent|high priority|high-priority)(?:\s+(?:flag|status|label))?\s+(?:from|off|on)(?:\s+of)?\s+(.+)$/.exec(
      text,
    );
  if (m) return { ref: m[1]!, patch: { priority: 'medium' } };
  // "give taxes a low priority", "assign the report high priority"
  m = /^(?:give|assign)\s+(.+?)\s+(?:a\s+)?(high|medium|normal|low|top)(?:\s+|-)priority$/.exec(
    text,
  );
  if (m) return { ref: m[1]!, patch: { priority: priorityWords[m[2]!]! } };
  // "taxes can wait": not pressing ("… can wait until monday" is a date, read below).
  m = /^(.+?)\s+(?:can|could|will)\s+wait$/.exec(text);
  if (m && !/^(?:it|that|this|i|we|you)$/.test(m[1]!))
    return { ref: m[1]!, patch: { priority: 'low' } };
  m = /^(?:prioriti[sz]e)\s+(.+)$/.exec(text);
  if (m) return { ref: m[1]!, patch: { priority: 'high' } };
  m = /^(?:deprioriti[sz]e)\s+(.+)$/.exec(text);
  if (m) return { ref: m[1]!, patch: { priority: 'low' } };

  const repeat = readRepeat(text, input);
  if (repeat) return repeat;

  // due date: clear
  m =
    /^(?:remove|clear|delete|drop|get rid of|lose|ditch|scrap)\s+(?:the\s+)?(?:due date|deadline|date)\s+(?:from|of|on|for)\s+(.+)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:has|needs)\s+no\s+(?:due date|deadline)$/.exec(text) ??
    /^no\s+(?:more\s+)?(?:due date|deadline|date)\s+(?:for|on)\s+(.+)$/.exec(text) ??
    /^(?:take|strip)\s+(?:the\s+)?(?:due date|deadline|date)\s+off(?:\s+of)?\s+(.+)$/.exec(text) ??
    /^(?:unschedule|undate)\s+(.+)$/.exec(text);
  if (m) return { ref: m[1]!, patch: { dueAt: null } };

  // due date: shift ("push it back a day", "move 3 forward by 2 days", "delay the report a week")
  m =
    /^(?:please\s+)?(?:push|move|bump|delay|postpone|shift|defer|put off|bring|set|make)\s+(.+?)\s+(back|forward|out|ahead|later|earlier)?\s*(?:by\s+)?(a|an|one|two|three|four|five|six|seven|\d+|a couple of|a few)\s+(days?|weeks?|hours?|minutes?)(?:\s+(later|earlier|back|forward))?$/.exec(
      text,
    );
  if (m) {
    const earlier =
      m[2] === 'forward' || m[2] === 'earlier' || m[5] === 'earlier' || m[5] === 'forward';
    return { ref: m[1]!, patch: { shiftMinutes: (earlier ? -1 : 1) * minutesOf(m[3]!, m[4]!) } };
  }

  // due date: move
  m =
    /^(?:please\s+)?(?:push|move|postpone|reschedule|delay|defer|shift|bump|change the due date of|change the deadline of|set the due date of|set the due date for|set due date for|set the deadline for)\s+(.+?)\s+(?:to|until|till|for|by)\s+(.+)$/.exec(
      text,
    ) ??
    /^(.+?)\s+is\s+(?:now\s+)?due\s+(.+)$/.exec(text) ??
    /^(.+?)\s+(?:can|could|will)\s+wait\s+(?:until|till|til|for)\s+(.+)$/.exec(text) ??
    swapped(
      /^(?:set|add|give|put)\s+(?:it\s+|them\s+)?(?:a\s+)?(?:deadline|due date)\s+(?:of\s+)?(.+?)\s+(?:for|on|to)\s+(.+)$/.exec(
        text,
      ),
    ) ??
    // "the dentist should be at 10am", "rent needs to be done by friday"
    /^(.+?)\s+(?:should be|needs to be|must be|has to be|will be|is now)\s+(?:done\s+|due\s+)?((?:at|on|by|for|due)\s+.+)$/.exec(
      text,
    ) ??
    /^(?:make|set)\s+(.+?)\s+due\s+(.+)$/.exec(text) ??
    dateTail(text, input.now, input.timeZone);
  if (m) {
    const time = findTime(m[2]!);
    if (time) return { ref: m[1]!, patch: { dueTime: time } };
    const due = findDue(m[2]!, input.now, input.timeZone);
    if (due?.hasTime) return { ref: m[1]!, patch: { dueAt: due.dueAt.toISOString() } };
    if (due) return { ref: m[1]!, patch: { dueDay: due.dueAt.toISOString() } };
    if (/^(?:push|move|postpone|reschedule|delay|defer)/.test(text)) {
      return {
        reply: done(
          `I didn't understand the date “${m[2]}”. Try “tomorrow”, “next monday”, “in 3 days” or “dec 3 at 5pm”.`,
        ),
      };
    }
  }

  // tags
  m =
    /^(?:please\s+)?(?:tag|label)\s+(.+?)\s+(?:with|as)\s+(.+)$/.exec(text) ??
    /^(?:please\s+)?(?:tag|label)\s+(it|that|this|that one|this one)\s+(.+)$/.exec(text);
  if (m) return { ref: m[1]!, patch: { addTags: tagList(m[2]!) } };
  // "tag the plumber urgent": the last word is the tag, the words before it the task.
  m = /^(?:tag|label)\s+(?!it\b|that\b|this\b)(.+)\s+(#?[\w-]+)$/.exec(text);
  if (m) return { ref: m[1]!, patch: { addTags: tagList(m[2]!) } };
  m = /^add\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+to\s+(.+)$/.exec(text);
  if (m) return { ref: m[2]!, patch: { addTags: tagList(m[1]!) } };
  m =
    /^add\s+((?:#[\w-]+\s*)+)\s+to\s+(.+)$/.exec(text) ??
    /^(?:add|put)\s+(?:the\s+|a\s+)?([#\w-]+)\s+(?:tag|label)\s+(?:to|on)\s+(.+)$/.exec(text);
  if (m) return { ref: m[2]!, patch: { addTags: tagList(m[1]!) } };
  m =
    /^(?:remove|delete|drop|take|strip|get rid of)\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+(?:from|off)(?:\s+of)?\s+(.+)$/.exec(
      text,
    ) ??
    // "take the home tag off milk", "remove finance tag from taxes"
    /^(?:remove|delete|drop|take|strip|get rid of)\s+(?:the\s+)?(.+?)\s+(?:tags?|labels?)\s+(?:from|off)(?:\s+of)?\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:take|strip)\s+((?:#[\w-]+\s*)+)\s*off(?:\s+of)?\s+(.+)$/.exec(text) ??
    /^(?:remove|delete|drop)\s+((?:#[\w-]+\s*)+)\s+from\s+(.+)$/.exec(text) ??
    /^untag\s+(.+?)\s+from\s+(.+)$/.exec(text);
  if (m) return { ref: m[2]!, patch: { removeTags: tagList(m[1]!) } };
  // "untag the report": every tag off.
  m =
    /^(?:untag|remove (?:all|every) tags? from|clear (?:the |all )?tags (?:of|on|from))\s+(.+)$/.exec(
      text,
    );
  if (m && !/\s(?:from|off)\s/.test(m[1]!)) return { ref: m[1]!, patch: { clearTags: true } };
  // "… and remove the work tag": no task named, so the one in view ("it").
  m = /^(?:remove|drop|take off|strip)\s+(?:the\s+)?(#?[\w-]+)\s+(?:tag|label)$/.exec(text);
  if (m) return { ref: 'it', patch: { removeTags: tagList(m[1]!) } };
  // "milk no longer needs the home tag", "the report doesn't need #work"
  const lacks =
    /^(.+?)\s+(?:no longer|doesn't|does not|doesnt|shouldn't|should not)\s+(?:needs?|has|have|gets?)\s+(?:the\s+|a\s+)?(?:(?:tag|label)\s+(#?[\w-]+)|(#[\w-]+)|([\w-]+)\s+(?:tag|label))(?:\s+any\s?more)?$/.exec(
      text,
    );
  if (lacks)
    return { ref: lacks[1]!, patch: { removeTags: tagList(lacks[2] ?? lacks[3] ?? lacks[4]!) } };

  // description
  m =
    /^(?:add\s+(?:a\s+)?note\s+to|set\s+(?:the\s+)?description\s+(?:of|for))\s+(.+?)(?::\s*|\s+to\s+|\s+saying\s+)(.+)$/.exec(
      text,
    ) ??
    // "note on the dentist: bring the card", "add a note for milk saying organic"
    /^(?:(?:add|put|leave|write|stick|pop)\s+)?(?:a\s+)?(?:notes?|description)\s+(?:to|on|for)\s+(?!self\b|myself\b|me\b)(.+?)(?::\s*|\s+saying\s+|\s+-\s+)(.+)$/.exec(
      text,
    );
  if (m) return { ref: m[1]!, patch: { description: originalCase(input.message, m[2]!) } };
  // "add a note: ask about whitening" with one task in view (shown, added or changed): its note.
  m =
    /^(?:add|put|leave|write|attach)\s+(?:a\s+)?(?:note|description)\s*(?::|-|\s+saying)\s*(.+)$/.exec(
      text,
    );
  if (m && input.memory?.focus.length === 1)
    return { ref: 'it', patch: { description: originalCase(input.message, m[1]!) } };

  // "change "Call mom" to "Call mom about Christmas"": after every attribute reading above, a
  // change to words that are no date, priority or state is a new title.
  m = /^(?:change|edit|update|set)\s+(.+?)\s+to\s+(.+)$/.exec(text);
  // "change the dentist time to 4": an attribute named is never the title ("4" is 16:00).
  const named = m && /^(.+?)(?:'s)?\s+(time|date|day|due date|deadline|due time)$/.exec(m[1]!);
  if (m && named) {
    const words = /^\d{1,2}(?::\d{2})?$/.test(m[2]!) ? `at ${m[2]}` : m[2]!;
    const patch = dateAnswer(words, input.now, input.timeZone);
    return patch ? { ref: named[1]!, patch } : null;
  }
  if (
    m &&
    !/\s(?:priority|tags?|labels?|notes?|description|status)$/.test(m[1]!) &&
    !/^(?:done|complete|completed|finished|open|not done|undone|pending|high|medium|normal|low|urgent|important)\b/.test(
      m[2]!,
    ) &&
    !findDue(m[2]!, input.now, input.timeZone) &&
    !findTime(m[2]!)
  )
    return { ref: m[1]!, patch: { title: originalCase(input.message, m[2]!) } };
  // "actually, make it oat milk" right after adding: the task in view gets these words.
  m = /^(?:make|turn)\s+(it|that|this)\s+(?:into\s+)?(.+)$/.exec(text);
  if (
    m &&
    !/^(?:done|complete|completed|finished|open|not done|undone|pending|high|medium|normal|low|urgent|important|top|a\s+|an\s+|due\b|recurring|repeat|every\b|daily|weekly|monthly|yearly|annually|fortnightly)/.test(
      m[2]!,
    ) &&
    !findDue(m[2]!, input.now, input.timeZone) &&
    !findTime(m[2]!)
  )
    return { ref: m[1]!, patch: { title: originalCase(input.message, m[2]!) } };
  return null;
}

/** A match whose date came before the task: [text, task, date]. */
const swapped = (m: RegExpExecArray | null): [string, string, string] | null =>
  m ? [m[0], m[2]!, m[1]!] : null;

/**
 * "set the dentist for 10am", "make the dentist 2:30pm", "change the report to friday": a
 * change verb, a task, and words that are only a date or time (the longest such tail).
 */
function dateTail(text: string, now: Date, timeZone: string): [string, string, string] | null {
  const m = /^(?:set|make|change|put|move|push|shift|bump|reschedule|postpone)\s+(.+)$/.exec(text);
  if (!m) return null;
  // "put dentist on my list for monday" adds a task; "put it on friday" moves one.
  if (/^put\b/.test(text) && /\b(?:list|todos?|tasks)\b/.test(text)) return null;
  const words = m[1]!.split(' ');
  for (let k = Math.min(6, words.length - 1); k >= 1; k--) {
    const tail = words.slice(-k).join(' ');
    const parsed = parseTaskText(tail, { now, timeZone });
    // "make it weekly" is a repeat, which a change here cannot set: not a due date.
    if (parsed.recurrence) return null;
    if (parsed.dueAt && !parsed.title.replace(/^(?:to|for|at|on|by)\b\s*/, '')) {
      return [
        text,
        words
          .slice(0, -k)
          .join(' ')
          .replace(/\s+(?:to|for|at|on|by)$/, ''),
        tail,
      ];
    }
  }
  return null;
}
