import { act } from '../act';
import { priorityWords, tagList } from '../attributes';
import { countOf, findDue, findTime, parseTaskText } from '@todo/language';
import { originalCase } from '../normalise';
import { done, type Intent } from '../turn';

/** Changing one task: title, priority, due date, tags, description. */

const question =
  /^(what|what's|whats|which|who|when|how|anything|is there|are there|do i|show|list)\b/;

export const updateIntent: Intent = async (text, input) => {
  if (question.test(text)) return null;
  let m: RegExpExecArray | [string, string, string] | null;
  // rename
  m =
    /^(?:please\s+)?(?:rename|retitle)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/.exec(text) ??
    /^change\s+(?:the\s+)?(?:title|name)\s+(?:of\s+)?(.+?)\s+to\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { title: originalCase(input.message, m[2]!) });

  // priority
  m =
    /^(?:set|change|make|drop|lower|raise|bump)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(.+?)\s+(?:to\s+)?(high|medium|normal|low)$/.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:make|set|mark|change|bump|raise|lower|move|put)\s+(.+?)\s+(?:to\s+|as\s+|at\s+)?(high|medium|normal|low|urgent|important|top)(?:\s+priority)?$/.exec(
      text,
    );
  if (m) return act(m[1]!, 'update', input, { priority: priorityWords[m[2]!]! });
  // "mom is high priority", "the report is now urgent"
  m =
    /^(.+?)\s+(?:is|are|can be|could be|should be|must be|needs to be)\s+(?:now\s+)?(?:a\s+)?(high|medium|normal|low|urgent|important|top)(?:\s+priority)?$/.exec(
      text,
    );
  if (m && !/^(?:what|which|how|who|it's|this|that)\b/.test(m[1]!))
    return act(m[1]!, 'update', input, { priority: priorityWords[m[2]!]! });
  m = /^(?:prioriti[sz]e)\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { priority: 'high' });
  m = /^(?:deprioriti[sz]e)\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { priority: 'low' });

  // due date: clear
  m =
    /^(?:remove|clear|delete|drop)\s+(?:the\s+)?(?:due date|deadline)\s+(?:from|of|on|for)\s+(.+)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:has|needs)\s+no\s+(?:due date|deadline)$/.exec(text) ??
    /^no\s+(?:more\s+)?(?:due date|deadline|date)\s+(?:for|on)\s+(.+)$/.exec(text) ??
    /^(?:take|strip)\s+(?:the\s+)?(?:due date|deadline|date)\s+off(?:\s+of)?\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { dueAt: null });

  // due date: shift ("push it back a day", "move 3 forward by 2 days", "delay the report a week")
  m =
    /^(?:please\s+)?(?:push|move|bump|delay|postpone|shift|defer|put off)\s+(.+?)\s+(back|forward|out|ahead|later|earlier)?\s*(?:by\s+)?(a|an|one|two|three|four|five|six|seven|\d+|a couple of|a few)\s+(days?|weeks?|hours?|minutes?)(?:\s+(later|earlier|back|forward))?$/.exec(
      text,
    );
  if (m) {
    const n = countOf(m[3]!.replace(/^a (couple|few) of$/, '$1').replace(/^a few$/, 'few')) ?? 1;
    const unit = m[4]!.startsWith('week')
      ? 7 * 1440
      : m[4]!.startsWith('day')
        ? 1440
        : m[4]!.startsWith('hour')
          ? 60
          : 1;
    const earlier =
      m[2] === 'forward' || m[2] === 'earlier' || m[5] === 'earlier' || m[5] === 'forward';
    return act(m[1]!, 'update', input, { shiftMinutes: (earlier ? -1 : 1) * n * unit });
  }

  // due date: move
  m =
    /^(?:please\s+)?(?:push|move|postpone|reschedule|delay|defer|shift|bump|change the due date of|change the deadline of|set the due date of|set the due date for|set due date for|set the deadline for)\s+(.+?)\s+(?:to|until|till|for|by)\s+(.+)$/.exec(
      text,
    ) ??
    /^(.+?)\s+is\s+(?:now\s+)?due\s+(.+)$/.exec(text) ??
    /^(?:make|set)\s+(.+?)\s+due\s+(.+)$/.exec(text) ??
    dateTail(text, input.now, input.timeZone);
  if (m) {
    const time = findTime(m[2]!);
    if (time) return act(m[1]!, 'update', input, { dueTime: time });
    const due = findDue(m[2]!, input.now, input.timeZone);
    if (due?.hasTime) return act(m[1]!, 'update', input, { dueAt: due.dueAt.toISOString() });
    if (due) return act(m[1]!, 'update', input, { dueDay: due.dueAt.toISOString() });
    if (/^(?:push|move|postpone|reschedule|delay|defer)/.test(text)) {
      return done(
        `I didn't understand the date “${m[2]}”. Try “tomorrow”, “next monday”, “in 3 days” or “dec 3 at 5pm”.`,
      );
    }
  }

  // tags
  m =
    /^(?:please\s+)?(?:tag|label)\s+(.+?)\s+(?:with|as)\s+(.+)$/.exec(text) ??
    /^(?:please\s+)?(?:tag|label)\s+(it|that|this|that one|this one)\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { addTags: tagList(m[2]!) });
  m = /^add\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+to\s+(.+)$/.exec(text);
  if (m) return act(m[2]!, 'update', input, { addTags: tagList(m[1]!) });
  m = /^add\s+((?:#[\w-]+\s*)+)\s+to\s+(.+)$/.exec(text);
  if (m) return act(m[2]!, 'update', input, { addTags: tagList(m[1]!) });
  m =
    /^(?:remove|delete|drop|take|strip)\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+(?:from|off)(?:\s+of)?\s+(.+)$/.exec(
      text,
    ) ??
    // "take the home tag off milk", "remove finance tag from taxes"
    /^(?:remove|delete|drop|take|strip)\s+(?:the\s+)?(.+?)\s+(?:tags?|labels?)\s+(?:from|off)(?:\s+of)?\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:take|strip)\s+((?:#[\w-]+\s*)+)\s*off(?:\s+of)?\s+(.+)$/.exec(text) ??
    /^(?:remove|delete|drop)\s+((?:#[\w-]+\s*)+)\s+from\s+(.+)$/.exec(text) ??
    /^untag\s+(.+?)\s+from\s+(.+)$/.exec(text);
  if (m) return act(m[2]!, 'update', input, { removeTags: tagList(m[1]!) });

  // description
  m =
    /^(?:add\s+(?:a\s+)?note\s+to|set\s+(?:the\s+)?description\s+(?:of|for))\s+(.+?)(?::\s*|\s+to\s+|\s+saying\s+)(.+)$/.exec(
      text,
    ) ??
    // "note on the dentist: bring the card", "add a note for milk saying organic"
    /^(?:add\s+)?(?:a\s+)?(?:notes?|description)\s+(?:to|on|for)\s+(?!self\b|myself\b|me\b)(.+?)(?::\s*|\s+saying\s+|\s+-\s+)(.+)$/.exec(
      text,
    );
  if (m) return act(m[1]!, 'update', input, { description: originalCase(input.message, m[2]!) });
  return null;
};

/**
 * "set the dentist for 10am", "make the dentist 2:30pm", "change the report to friday": a
 * change verb, a task, and words that are only a date or time (the longest such tail).
 */
function dateTail(text: string, now: Date, timeZone: string): [string, string, string] | null {
  const m = /^(?:set|make|change)\s+(.+)$/.exec(text);
  if (!m) return null;
  const words = m[1]!.split(' ');
  for (let k = Math.min(6, words.length - 1); k >= 1; k--) {
    const tail = words.slice(-k).join(' ');
    const parsed = parseTaskText(tail, { now, timeZone });
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
