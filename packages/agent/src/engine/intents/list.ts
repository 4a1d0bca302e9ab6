import type { ListTasksArgs } from '@todo/contracts';
import { describeFilter, parseFilter, selection, type TaskFilter } from '../filters';
import { bulletList } from '../format';
import { keywords } from '../normalise';
import { done, emptyMemory, type Intent } from '../turn';

/** Listing, searching and counting: status, priority, due window, tag and words become filters. */

const asksPattern =
  /^(?:please\s+)?(?:show|list|display|view|see|give me|get|find|search|look up|look for|what|what's|whats|which|any|anything|do i have|do i|did i|have i|am i|is there|are there|is anything|is something|has anything|how many|tell me|remind me what|check|count|what needs|what still needs)\b/;

/** Tasks a listing shows; the rest are counted ("…and 4 more"). */
const SHOWN = 20;
/** Tasks searched for words (newest first): word forms are matched in memory, not in SQL. */
const SEARCHED = 1000;

/** The set a listing names, with the words it searches for ("anything about the car"). */
function filterOf(
  text: string,
  knownTags: readonly string[],
  when: { now: Date; timeZone: string },
): TaskFilter {
  const filter = parseFilter(text, knownTags, when);
  const q =
    /\b(?:about|containing|mentioning|matching|with the word|search for|search|find|look for|called|named|regarding|involving|to do with|related to|concerning)\s+"?([^"]+?)"?\??$/.exec(
      text,
    );
  // "do I have to call anyone", "do I need to buy anything": tasks with those words.
  const todo =
    /^(?:do|must|should)\s+i\s+(?:have|need|got)\s+to\s+(.+?)(?:\s+(?:anyone|anybody|someone|somebody|anything|something))?$/.exec(
      text,
    );
  if (todo && !q && !filter.tag && keywords(todo[1]!).length) filter.q = todo[1]!;
  if (q && !filter.tag) {
    const query = q[1]!
      .replace(/^(?:my\s+)?(?:tasks?|todos?)\s+(?:about|with|for)\s+/, '')
      .replace(/^(?:the|my|a|an)\s+/, '')
      .trim();
    if (query && !/^(?:my\s+)?(?:tasks?|todos?)$/.test(query)) filter.q = query;
  }
  return filter;
}

export const listIntent: Intent = async (text, input) => {
  // The user's tags are needed only to read "home stuff" or "what's left for work".
  let knownTags: string[] | null = null;
  const tags = async () => (knownTags ??= await input.tools.tags());
  // "tasks left?", "work tasks how many", "number of overdue tasks": a count, noun first.
  const count =
    /\bhow many\b|\bcount\b|\bnumber of\b/.test(text) ||
    /^(?:my\s+|any\s+)?(?:[\w#-]+\s+)?(?:tasks?|todos?|things|items)\s+(?:left|remaining|outstanding|to go|still open)$/.test(
      text,
    );
  const asks =
    count ||
    asksPattern.test(text) ||
    /^(?:everything|all(?:\s+my)?(?:\s+tasks)?)\s+(?:due|for|tagged|about|overdue|from)\b/.test(
      text,
    ) ||
    /^(?:my\s+)?(?:pending|open|completed|done|finished|overdue|high priority|low priority|urgent|important|all)(?:\s+(?:tasks|todos|items|ones))?\??$/.test(
      text,
    ) ||
    /^(?:my\s+)?(?:tasks|todos|list|to-?do list|agenda)\??$/.test(text) ||
    // "tasks completed yesterday", "things I finished this week": noun first, with a when.
    /^(?:my\s+|the\s+)?(?:tasks|todos|things|items)\s+(?:i\s+)?(?:completed|finished|done|did|got done|ticked off)\s+(?:today|yesterday|this|last|on|in|during)\b/.test(
      text,
    ) ||
    /^#[\p{L}\p{N}_-]+$/u.test(text) ||
    (/^(?:my\s+)?\S+\s+(?:stuff|tasks|things|todos|list)\??$/.test(text) &&
      (await tags()).some((t) =>
        new RegExp(
          `^(?:my\\s+)?${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(?:stuff|tasks|things|todos|list)\\??$`,
        ).test(text),
      ));
  const aboutTasks =
    /\b(tasks?|todos?|to-?do|list|due|overdue|late|pending|open|completed|done|finished|priority|urgent|important|tagged|agenda|left|remaining|plate|schedule|happening|planned|coming up|needs doing|to be done|weekend|booked|scheduled|january|february|march|april|may|june|july|august|september|october|november|december|\d{1,2}(?:st|nd|rd|th)|for me|about|today|tomorrow|week|stuff|anything|behind|finish|finished|did|have|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|#[\w-]+/.test(
      text,
    ) || /^(show|list|display|view|search|find|look for|look up)\b/.test(text);
  if (!asks || !aboutTasks) return null;
  const read = (filter: TaskFilter, withTags: boolean) => {
    const args: ListTasksArgs = { status: filter.status };
    if (filter.priority) args.priority = filter.priority;
    if (filter.tag) args.tag = filter.tag;
    // Due windows in the user's zone are selected in SQL, which reads only what the reply
    // shows and counts the rest. Words, forgiving of word forms ("vacuuming" finds "vacuum"),
    // are matched here, among the newest tasks of the set.
    const words = filter.q ? keywords(filter.q) : null;
    return input.tools.find(args, selection(filter, input.now, input.timeZone), {
      limit: words ? SEARCHED : SHOWN,
      show: SHOWN,
      tags: withTags,
      keep: words
        ? (t) => {
            const have = keywords(`${t.title} ${t.description ?? ''} ${t.tags.join(' ')}`);
            return words.every((w) =>
              have.some(
                (h) => h.startsWith(w.slice(0, Math.max(4, w.length - 3))) || w.startsWith(h),
              ),
            );
          }
        : undefined,
    });
  };
  // The user's tags, when not known yet, come with the first read (one round trip); only a
  // message that names one of them ("my home stuff") reads again, for that tag.
  let filter = filterOf(text, knownTags ?? [], input);
  let found = await read(filter, knownTags === null);
  const userTags = knownTags ?? found.tags ?? [];
  if (knownTags === null) {
    const again = filterOf(text, found.tags ?? [], input);
    if (JSON.stringify(again) !== JSON.stringify(filter)) {
      filter = again;
      found = await read(filter, false);
    }
  }
  // "show the dentist task": a word that is none of the user's tags names tasks by their words
  // (a bulk action keeps it as a tag, so its set stays empty and never widens).
  const explicitTag = /#[\p{L}\p{N}_-]|\b(?:tagged|tag|labell?ed|label|category)\b/u.test(text);
  if (filter.tag && !filter.q && !explicitTag && !userTags.includes(filter.tag)) {
    filter = { ...filter, q: filter.tag };
    delete filter.tag;
    found = await read(filter, false);
  }
  found.record();
  const { tasks, total } = found;
  const label = describeFilter(filter);
  // What was shown is what "it" (a list of one) or "them" means next.
  const shownIds = tasks.slice(0, SHOWN).map((t) => t.id);
  const memory = {
    ...(input.memory ?? emptyMemory()),
    listed: shownIds,
    ...(shownIds.length ? { focus: shownIds } : {}),
  };
  if (count) {
    const noun = total === 1 ? label.replace(/\btasks\b/, 'task') : label;
    return { ...done(`You have ${total} ${noun}.`), memory };
  }
  if (!tasks.length) {
    const plain =
      filter.status === 'pending' &&
      !filter.priority &&
      !filter.due &&
      !filter.tag &&
      !filter.q &&
      !filter.tomorrow &&
      !filter.undated &&
      !filter.window &&
      filter.weekday === undefined;
    return {
      ...done(
        plain
          ? 'Your list is clear: no pending tasks. Add one with “add …”.'
          : filter.completedIn
            ? `No ${label}.`
            : `No ${label} found.`,
      ),
      memory,
    };
  }
  const shown = tasks.slice(0, SHOWN);
  const more = total > shown.length ? `\n…and ${total - shown.length} more.` : '';
  const heading =
    total === 1
      ? `You have 1 ${label.replace(/\btasks\b/, 'task')}:`
      : `You have ${total} ${label}:`;
  return { ...done(`${heading}\n${bulletList(shown, input.now, input.timeZone)}${more}`), memory };
};
