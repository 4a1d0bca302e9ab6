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
  if (!completed && due < now) {
    return {
      text: `Overdue · ${due.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}${time}`,
      tone: 'overdue',
    };
  }
  if (due < startOfTomorrow) return { text: `Due today${time}`, tone: 'today' };
  if (due < endOfTomorrow) return { text: `Due tomorrow${time}`, tone: 'soon' };
  return {
    text: `Due ${due.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' })}${time}`,
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
