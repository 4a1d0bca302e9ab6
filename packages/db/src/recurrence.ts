import rrule from 'rrule';

// rrule ships CommonJS next to its ESM build; the default import works from both tsx and the
// API's esbuild bundle.
const { rrulestr } = rrule;

/**
 * When a recurring task falls due next, after it was completed at `now`: the first occurrence
 * of `rule` (counted from the task's due date, so "every Monday 9:00" keeps its weekday and
 * time) later than both the due date and `now`. A task without a due date counts from `now`.
 * Null when the rule has no further occurrence (its UNTIL has passed).
 */
export function nextOccurrence(rule: string, dueAt: Date | null, now: Date): Date | null {
  const start = dueAt ?? now;
  const parsed = rrulestr(`RRULE:${rule}`, { dtstart: start });
  const after = start > now ? start : now;
  return parsed.after(after, false);
}
