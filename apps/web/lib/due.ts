/** How a due date reads at a glance; `tone` drives colour, the text carries the meaning. */
export function dueLabel(
  dueAt: string | null,
  completed: boolean,
  now = new Date(),
): { text: string; tone: 'overdue' | 'today' | 'soon' | 'later' } | null {
  if (!dueAt) return null;
  const due = new Date(dueAt);
  const startOfToday = new Date(now);
  startOfToday.setHours(0, 0, 0, 0);
  const startOfTomorrow = new Date(startOfToday);
  startOfTomorrow.setDate(startOfTomorrow.getDate() + 1);
  const endOfTomorrow = new Date(startOfTomorrow);
  endOfTomorrow.setDate(endOfTomorrow.getDate() + 1);
  const lateEvening = due.getHours() === 23 && due.getMinutes() === 59;
  const time = lateEvening
    ? ''
    : ` ${due.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}`;
  // The year only when it is not this one: "Overdue · Jan 1, 2020", but "Due Fri, Dec 4".
  const year = due.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' as const };
  if (!completed && due < now) {
    return {
      text: `Overdue · ${due.toLocaleDateString(undefined, { month: 'short', day: 'numeric', ...year })}${time}`,
      tone: 'overdue',
    };
  }
  if (due < startOfTomorrow) return { text: `Due today${time}`, tone: 'today' };
  if (due < endOfTomorrow) return { text: `Due tomorrow${time}`, tone: 'soon' };
  return {
    text: `Due ${due.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', ...year })}${time}`,
    tone: 'later',
  };
}

/** A value for <input type="datetime-local"> from an ISO instant, in local time. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO instant (with offset) from a datetime-local value; empty → null. */
export function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

/** A warning for a due date typed into a form that has already passed; null otherwise. */
export function pastDueWarning(localValue: string, now = new Date()): string | null {
  if (!localValue) return null;
  const due = new Date(localValue);
  if (Number.isNaN(due.getTime()) || due >= now) return null;
  const sameYear = due.getFullYear() === now.getFullYear();
  const when = due.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${when} is in the past: the task will show as overdue.`;
}

/** The local calendar day of an instant, as a key ("2026-12-03") and a heading ("Tomorrow"). */
export function dayOf(iso: string, now = new Date()): { key: string; heading: string } {
  const d = new Date(iso);
  const key = toLocalInput(iso).slice(0, 10);
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  const days = Math.round((new Date(d).setHours(0, 0, 0, 0) - today.getTime()) / 86_400_000);
  const date = d.toLocaleDateString(undefined, {
    weekday: 'long',
    month: 'short',
    day: 'numeric',
    ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
  const heading = days === 0 ? `Today · ${date}` : days === 1 ? `Tomorrow · ${date}` : date;
  return { key, heading };
}
