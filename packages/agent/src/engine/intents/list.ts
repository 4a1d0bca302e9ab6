import type { ListTasksArgs, Task } from '@todo/contracts';
import { describeFilter, matching, parseFilter } from '../filters';
import { bulletList } from '../format';
import { keywords } from '../normalise';
import { done, emptyMemory, type Intent } from '../turn';

/** Listing, searching and counting: status, priority, due window, tag and words become filters. */

const asksPattern =
  /^(?:please\s+)?(?:show|list|display|view|see|give me|get|find|search|look up|look for|what|what's|whats|which|any|anything|do i have|do i|did i|have i|am i|is there|are there|is anything|is something|has anything|how many|tell me|remind me what|check|count|what needs|what still needs)\b/;

export const listIntent: Intent = async (text, input) => {
  // The user's tags are needed only to read "home stuff" or "what's left for work".
  let knownTags: string[] | null = null;
  const tags = async () =>
    (knownTags ??= [...new Set((await input.tools.tasks()).flatMap((t) => t.tags))]);
  const asks =
    asksPattern.test(text) ||
    /^(?:my\s+)?(?:pending|open|completed|done|finished|overdue|high priority|low priority|urgent|important|all)(?:\s+(?:tasks|todos|items|ones))?\??$/.test(
      text,
    ) ||
    /^(?:my\s+)?(?:tasks|todos|list|to-?do list|agenda)\??$/.test(text) ||
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
  const filter = parseFilter(text, await tags(), input);
  const q =
    /\b(?:about|containing|mentioning|matching|with the word|search for|search|find|look for|called|named|regarding|involving|to do with|related to|concerning)\s+"?([^"]+?)"?\??$/.exec(
      text,
    );
  if (q && !filter.tag) {
    const query = q[1]!
      .replace(/^(?:my\s+)?(?:tasks?|todos?)\s+(?:about|with|for)\s+/, '')
      .replace(/^(?:the|my|a|an)\s+/, '')
      .trim();
    if (query && !/^(?:my\s+)?(?:tasks?|todos?)$/.test(query)) filter.q = query;
  }
  const args: ListTasksArgs = { status: filter.status };
  if (filter.priority) args.priority = filter.priority;
  if (filter.tag) args.tag = filter.tag;
  const r = await input.tools.call('list_tasks', args);
  let tasks = (r.ok ? (r.result as Task[]) : []).slice();
  // Due windows in the user's zone, and words forgiving of word forms ("vacuuming" finds "vacuum").
  tasks = matching(tasks, { ...filter, q: undefined }, input.now, input.timeZone);
  if (filter.q) {
    const words = keywords(filter.q);
    tasks = tasks.filter((t) => {
      const have = keywords(`${t.title} ${t.description ?? ''} ${t.tags.join(' ')}`);
      return words.every((w) =>
        have.some((h) => h.startsWith(w.slice(0, Math.max(4, w.length - 3))) || w.startsWith(h)),
      );
    });
  }
  const label = describeFilter(filter);
  // What was shown is what "it" (a list of one) or "them" means next.
  const shownIds = tasks.slice(0, 20).map((t) => t.id);
  const memory = {
    ...(input.memory ?? emptyMemory()),
    listed: shownIds,
    ...(shownIds.length ? { focus: shownIds } : {}),
  };
  if (/\bhow many\b|\bcount\b|\bnumber of\b/.test(text)) {
    const noun = tasks.length === 1 ? label.replace(/\btasks\b/, 'task') : label;
    return { ...done(`You have ${tasks.length} ${noun}.`), memory };
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
          : `No ${label} found.`,
      ),
      memory,
    };
  }
  const shown = tasks.slice(0, 20);
  const more = tasks.length > shown.length ? `\n…and ${tasks.length - shown.length} more.` : '';
  const heading =
    tasks.length === 1
      ? `You have 1 ${label.replace(/\btasks\b/, 'task')}:`
      : `You have ${tasks.length} ${label}:`;
  return { ...done(`${heading}\n${bulletList(shown, input.now, input.timeZone)}${more}`), memory };
};
