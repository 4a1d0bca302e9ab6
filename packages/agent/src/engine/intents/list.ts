import type { ListTasksArgs, Task } from '@todo/contracts';
import { bulletList } from '../format';
import { done, type Intent } from '../turn';

/** Listing and searching: status, priority, due window, tag and words become list filters. */

export const listIntent: Intent = async (text, input) => {
  const asks =
    /^(?:please\s+)?(?:show|list|display|view|see|give me|get|find|search|look up|look for|what|what's|whats|which|any|anything|do i have|have i|how many|tell me|remind me what|check)\b/.test(
      text,
    ) ||
    /^(?:my\s+)?(?:pending|open|completed|done|finished|overdue|high priority|low priority|urgent|important|all)(?:\s+(?:tasks|todos|items|ones))?$/.test(
      text,
    ) ||
    /^(?:my\s+)?(?:tasks|todos|list|to-?do list|agenda)$/.test(text) ||
    /^#[\w-]+$/.test(text);
  const aboutTasks =
    /\b(tasks?|todos?|to-?do|list|due|overdue|late|pending|open|completed|done|finished|priority|urgent|important|tagged|agenda|left|remaining|plate|schedule|for me)\b|#[\w-]+/.test(
      text,
    ) || /^(show|list|display|view|search|find|look for|look up)\b/.test(text);
  if (!asks || !aboutTasks) return null;
  const filters: ListTasksArgs = {};
  if (
    /\bwhat (?:have|did) i (?:done|finished|completed|do)\b|\b(?:completed|finished|done|closed)\b/.test(
      text,
    )
  ) {
    filters.status = 'completed';
  } else if (/\b(?:all|everything|every task|all of)\b/.test(text)) {
    filters.status = 'all';
  } else {
    filters.status = 'pending';
  }
  if (/\b(?:high|top)[- ]priority\b|\b(?:urgent|important)\b/.test(text)) filters.priority = 'high';
  else if (/\blow[- ]priority\b/.test(text)) filters.priority = 'low';
  else if (/\b(?:medium|normal)[- ]priority\b/.test(text)) filters.priority = 'medium';
  if (/\b(?:overdue|late|past due|missed|behind)\b/.test(text)) filters.due = 'overdue';
  else if (/\b(?:today|tonight)\b/.test(text)) filters.due = 'today';
  else if (/\b(?:this week|the week|next 7 days|next seven days|coming week|week)\b/.test(text))
    filters.due = 'week';
  const tag =
    /#([\w-]+)/.exec(text) ??
    /\b(?:tagged|tag|labell?ed|label|in category)\s+(?:as\s+|with\s+)?#?([\w-]+)/.exec(text);
  if (tag) filters.tag = tag[1]!;
  const q =
    /\b(?:about|containing|mentioning|matching|with the word|search for|search|find|look for|called|named)\s+"?([^"]+?)"?$/.exec(
      text,
    );
  if (q && !tag) {
    const query = q[1]!.replace(/^(?:my\s+)?(?:tasks?|todos?)\s+(?:about|with|for)\s+/, '').trim();
    if (query && !/^(?:my\s+)?(?:tasks?|todos?)$/.test(query)) filters.q = query;
  }
  const r = await input.tools.call('list_tasks', filters);
  const tasks = r.result as Task[];
  const label = describeFilters(filters);
  if (!tasks.length) {
    return done(
      filters.status === 'pending' &&
        !filters.priority &&
        !filters.due &&
        !filters.tag &&
        !filters.q
        ? 'Your list is clear: no pending tasks. Add one with “add …”.'
        : `No ${label} found.`,
    );
  }
  const shown = tasks.slice(0, 20);
  const more = tasks.length > shown.length ? `\n…and ${tasks.length - shown.length} more.` : '';
  return done(
    `You have ${tasks.length} ${label}:\n${bulletList(shown, input.now, input.timeZone)}${more}`,
  );
};

function describeFilters(f: ListTasksArgs): string {
  const parts: string[] = [];
  if (f.status === 'pending') parts.push('pending');
  if (f.status === 'completed') parts.push('completed');
  if (f.priority) parts.push(`${f.priority}-priority`);
  if (f.due === 'overdue') parts.push('overdue');
  let noun = 'tasks';
  if (f.due === 'today') noun += ' due today';
  if (f.due === 'week') noun += ' due this week';
  if (f.tag) noun += ` tagged #${f.tag}`;
  if (f.q) noun += ` matching “${f.q}”`;
  return [...parts, noun].join(' ');
}
