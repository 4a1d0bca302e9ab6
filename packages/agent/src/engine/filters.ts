import {
  startOfDay,
  wallClock,
  zonedInstant,
  type ListTasksArgs,
  type Task,
} from '@todo/contracts';
import type { TaskFind } from '@todo/db';
import { findDue } from '@todo/language';

/** The set a message names: "my work tasks", "everything due today", "completed ones". */
export interface TaskFilter extends ListTasksArgs {
  tomorrow?: boolean;
  /** Due Monday to Sunday of next week. */
  nextWeek?: boolean;
  /** A weekday (0 = Sunday) the tasks are due on. */
  weekday?: number;
  /** Tasks without a due date. */
  undated?: boolean;
  /** Due within [from, to) (ms): a date the words name ("on the 1st", "dec 3", "in december"). */
  window?: { from: number; to: number; label: string };
  /**
   * Completed within [from, to) (ms): the day a listing of completed tasks names ("what did I
   * do yesterday", "finished this week"), unless it says "due".
   */
  completedIn?: { from: number; to: number; label: string };
}

const monthNames = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
// A date the engine's own date parser should read: a day of the month, a month, a numeric date.
const dateShaped =
  /\b(?:\d{1,2}(?:st|nd|rd|th)|\d{1,2}\/\d{1,2}(?:\/\d{2,4})?|\d{4}-\d{2}-\d{2}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|january|february|march|april|may|june|july|august|september|october|november|december)\b/;

/** The day of the week (0 = Sunday) it is at `now` in the user's zone. */
function weekdayAt(now: Date, timeZone: string): number {
  const today = wallClock(now, timeZone);
  return new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
}

const capitalised = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`;

/** A due window named by a date or a month, read by the same parser as a task's due date. */
function dateWindow(text: string, now: Date, timeZone: string): TaskFilter['window'] {
  // "this weekend", "anything for the weekend": the coming Saturday and Sunday.
  const weekend = /\b(?:(this|the|next)\s+)?weekend\b/.exec(text);
  if (weekend) {
    const dow = weekdayAt(now, timeZone);
    const toSaturday =
      ((6 - dow + 7) % 7) + (weekend[1] === 'next' && dow !== 6 && dow !== 0 ? 7 : 0);
    const from = startOfDay(now, timeZone, dow === 0 ? -1 : toSaturday).getTime();
    const to = startOfDay(now, timeZone, (dow === 0 ? -1 : toSaturday) + 2).getTime();
    return { from, to, label: 'this weekend' };
  }
  const month =
    /\b(?:in|during|for|of|this|next)\s+(january|february|march|april|may|june|july|august|september|october|november|december|month)\b/.exec(
      text,
    );
  if (month && !/\b\d{1,2}(?:st|nd|rd|th)?\b/.test(text)) {
    const today = wallClock(now, timeZone);
    let m = month[1] === 'month' ? today.month : monthNames.indexOf(month[1]!) + 1;
    if (month[1] === 'month' && /\bnext\s+month\b/.test(text)) m += 1;
    const year = m < today.month ? today.year + 1 : today.year;
    const from = zonedInstant(timeZone, year, m, 1).getTime();
    const to = zonedInstant(timeZone, year, m + 1, 1).getTime();
    const name = monthNames[(m - 1) % 12]!;
    return { from, to, label: `in ${capitalised(name)}` };
  }
  if (!dateShaped.test(text)) return undefined;
  const due = findDue(text, now, timeZone);
  if (!due) return undefined;
  const from = startOfDay(due.dueAt, timeZone).getTime();
  const to = startOfDay(due.dueAt, timeZone, 1).getTime();
  const label = `on ${new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(due.dueAt)}`;
  return { from, to, label };
}

const weekdayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The days of the past a listing of completed tasks names, in the user's zone. */
function completionWindow(text: string, now: Date, timeZone: string): TaskFilter['completedIn'] {
  const dow = weekdayAt(now, timeZone);
  const sinceMonday = (dow + 6) % 7;
  const days = (from: number, to: number, label: string) => ({
    from: startOfDay(now, timeZone, from).getTime(),
    to: startOfDay(now, timeZone, to).getTime(),
    label,
  });
  if (/\b(?:today|tonight|this (?:morning|afternoon|evening))\b/.test(text))
    return days(0, 1, 'today');
  if (/\byesterday\b/.test(text)) return days(-1, 0, 'yesterday');
  const lastDays = /\b(?:last|past)\s+(\d{1,3}|two|three|four|five|six|seven)\s+days\b/.exec(text);
  if (lastDays) {
    const words = ['two', 'three', 'four', 'five', 'six', 'seven'];
    const n = words.includes(lastDays[1]!) ? words.indexOf(lastDays[1]!) + 2 : Number(lastDays[1]);
    if (n >= 1) return days(1 - n, 1, `in the last ${n} day${n === 1 ? '' : 's'}`);
  }
  if (/\b(?:last|previous)\s+week\b/.test(text))
    return days(-sinceMonday - 7, -sinceMonday, 'last week');
  if (/\b(?:this|the)\s+week\b/.test(text)) return days(-sinceMonday, 1, 'this week');
  const day = /\b(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/.exec(text);
  if (day) {
    // "on friday" in the past: the last Friday (today when it is Friday).
    const back = (dow - weekdayNames.indexOf(day[1]!) + 7) % 7;
    return days(-back, 1 - back, `on ${capitalised(day[1]!)}`);
  }
  return undefined;
}

const notTags = new Set(
  'pending open completed complete done finished overdue high low medium normal priority urgent important all my the of other old current remaining outstanding unfinished incomplete late today tomorrow these those'.split(
    ' ',
  ),
);

export function parseFilter(
  text: string,
  knownTags: readonly string[],
  when?: { now: Date; timeZone: string },
): TaskFilter {
  const f: TaskFilter = {};
  if (
    /\b(?:what|things|stuff|the ones|tasks)\s+i(?:'ve|\s+have)?\s+(?:did|done|finished|completed|ticked off)\b|\bwhat (?:have|did) i (?:done|finished|completed|do|finish|complete)\b|\bdid i (?:finish|complete|do)\b|\b(?:completed|finished|done|closed|ticked off)\b/.test(
      text,
    )
  ) {
    f.status = 'completed';
  } else if (/\b(?:all|everything|every task|all of)\b/.test(text)) {
    f.status = 'all';
  } else {
    f.status = 'pending';
  }
  // "what did I finish yesterday": the day it was done, not the day it was due.
  if (f.status === 'completed' && when && !/\bdue\b/.test(text)) {
    const completedIn = completionWindow(text, when.now, when.timeZone);
    if (completedIn) f.completedIn = completedIn;
  }
  if (/\b(?:high|top)[- ]priority\b|\b(?:urgent|important)\b/.test(text)) f.priority = 'high';
  else if (/\blow[- ]priority\b/.test(text)) f.priority = 'low';
  else if (/\b(?:medium|normal)[- ]priority\b/.test(text)) f.priority = 'medium';
  if (f.completedIn) {
    // The day words are the completion day's.
  } else if (/\b(?:overdue|late|past due|missed|behind)\b/.test(text)) f.due = 'overdue';
  else if (/\b(?:today|tonight)\b/.test(text)) f.due = 'today';
  else if (/\btomorrow\b/.test(text)) f.tomorrow = true;
  else if (/\bnext week\b/.test(text)) f.nextWeek = true;
  else if (/\b(?:this week|the week|next 7 days|next seven days|coming week)\b/.test(text))
    f.due = 'week';
  if (/\b(?:no|without(?: a| any)?)\s+(?:due\s+)?(?:dates?|deadlines?)\b|\bundated\b/.test(text)) {
    f.undated = true;
    delete f.due;
  }
  const day = /\b(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/.exec(text);
  if (day && !f.due && !f.tomorrow && !f.nextWeek && !f.completedIn)
    f.weekday = weekdayNames.indexOf(day[1]!);
  if (
    when &&
    !f.due &&
    !f.tomorrow &&
    !f.nextWeek &&
    f.weekday === undefined &&
    !f.undated &&
    !f.completedIn
  ) {
    const window = dateWindow(text, when.now, when.timeZone);
    if (window) f.window = window;
  }
  const tag =
    /#([\p{L}\p{N}_-]+)/u.exec(text) ??
    /\b(?:tagged|tag|labell?ed|label|in category)\s+(?:as\s+|with\s+)?#?([\p{L}\p{N}_-]+)/u.exec(
      text,
    );
  if (tag) f.tag = tag[1]!;
  else {
    // "my work tasks", "for work", "home stuff": a word that is one of the user's tags
    for (const t of knownTags) {
      const word = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (
        new RegExp(
          `(?:^|\\s)(?:for\\s+|my\\s+|the\\s+|all\\s+)?${word}(?:\\s+(?:tasks?|todos?|stuff|things|items|ones|list)|$)|\\bfor\\s+${word}\\b`,
        ).test(text)
      ) {
        f.tag = t;
        break;
      }
    }
  }
  if (!f.tag) {
    // "my garden tasks" names a tag even when no task has it yet: then the set is empty, and a
    // bulk action must never widen it to every task.
    const named =
      /\b(?:my|all|the|every)\s+([\p{L}\p{N}_-]+)\s+(?:tasks?|todos?|items|ones|stuff|things)\b/u.exec(
        text,
      );
    if (named && !notTags.has(named[1]!)) f.tag = named[1]!;
  }
  return f;
}

/** Exactly the tasks a filter names; the same set is previewed and then acted on. */
/**
 * A filter as instants and flags the database can select by (TaskRepository.find): the due
 * windows are days in the user's zone. `matching` applies the same set to tasks in memory.
 */
export function selection(f: TaskFilter, now: Date, timeZone: string): TaskFind {
  const s: TaskFind = { status: f.status, priority: f.priority, tag: f.tag?.toLowerCase() };
  const day = (offset: number) => startOfDay(now, timeZone, offset);
  const window = (from: number, days: number) => {
    s.dueFrom = day(from);
    s.dueBefore = day(from + days);
  };
  if (f.undated) s.undated = true;
  if (f.due === 'overdue') s.overdueAt = now;
  if (f.due === 'today') window(0, 1);
  if (f.tomorrow) window(1, 1);
  if (f.nextWeek) window(7 - ((weekdayAt(now, timeZone) + 6) % 7), 7);
  if (f.due === 'week') window(0, 7);
  if (f.weekday !== undefined) {
    // "on friday" is the coming Friday (today when it is Friday), not every Friday.
    window((f.weekday - weekdayAt(now, timeZone) + 7) % 7, 1);
  }
  if (f.window) {
    s.dueFrom = new Date(f.window.from);
    s.dueBefore = new Date(f.window.to);
  }
  if (f.completedIn) {
    s.completedFrom = new Date(f.completedIn.from);
    s.completedBefore = new Date(f.completedIn.to);
  }
  return s;
}

/** Exactly the tasks a filter names; the same set is previewed and then acted on. */
export function matching(tasks: Task[], f: TaskFilter, now: Date, timeZone: string): Task[] {
  const s = selection(f, now, timeZone);
  const from = s.dueFrom?.getTime();
  const before = s.dueBefore?.getTime();
  return tasks.filter((t) => {
    if (s.status === 'pending' && t.completed) return false;
    if (s.status === 'completed' && !t.completed) return false;
    if (s.priority && t.priority !== s.priority) return false;
    if (s.tag && !t.tags.includes(s.tag)) return false;
    if (f.q && !`${t.title} ${t.description ?? ''}`.toLowerCase().includes(f.q.toLowerCase()))
      return false;
    const due = t.dueAt ? new Date(t.dueAt).getTime() : null;
    if (s.undated && due !== null) return false;
    if (s.overdueAt && !(due !== null && due < now.getTime() && !t.completed)) return false;
    if (from !== undefined && !(due !== null && due >= from)) return false;
    if (before !== undefined && !(due !== null && due < before)) return false;
    const doneAt = t.completedAt ? new Date(t.completedAt).getTime() : null;
    if (s.completedFrom && !(doneAt !== null && doneAt >= s.completedFrom.getTime())) return false;
    if (s.completedBefore && !(doneAt !== null && doneAt < s.completedBefore.getTime()))
      return false;
    return true;
  });
}

export function describeFilter(f: TaskFilter): string {
  const parts: string[] = [];
  if (f.status === 'pending' && f.due !== 'overdue') parts.push('pending');
  if (f.status === 'completed' && !f.completedIn) parts.push('completed');
  if (f.priority) parts.push(`${f.priority}-priority`);
  if (f.due === 'overdue') parts.push('overdue');
  let noun = 'tasks';
  if (f.due === 'today') noun += ' due today';
  if (f.tomorrow) noun += ' due tomorrow';
  if (f.nextWeek) noun += ' due next week';
  if (f.due === 'week') noun += ' due this week';
  if (f.weekday !== undefined) noun += ` due on ${capitalised(weekdayNames[f.weekday]!)}`;
  if (f.undated) noun += ' without a due date';
  if (f.window) noun += ` due ${f.window.label}`;
  if (f.completedIn) noun += ` completed ${f.completedIn.label}`;
  if (f.tag) noun += ` tagged #${f.tag}`;
  if (f.q) noun += ` matching “${f.q}”`;
  return [...parts, noun].join(' ');
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
