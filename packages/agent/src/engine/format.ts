import {
  BoundedCache,
  describeRecurrence,
  startOfDay,
  wallClock,
  type Task,
} from '@todo/contracts';

// Intl formatters are costly to build (and hold native memory): build each one once, and keep
// a bounded number of them whatever zone names arrive.
const formatters = new BoundedCache<string, Intl.DateTimeFormat>(2048);
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** "today at 5:00 PM", "tomorrow", "Thu, Dec 3 at 9:30 AM" in the user's time zone. */
export function formatDue(dueAt: string, now: Date, timeZone: string): string {
  const due = new Date(dueAt);
  const w = wallClock(due, timeZone);
  const endOfDay = w.hour === 23 && w.minute === 59;
  const time = endOfDay
    ? ''
    : ` at ${formatter(timeZone, { hour: 'numeric', minute: '2-digit' }).format(due)}`;
  const today = startOfDay(now, timeZone).getTime();
  const dayOf = startOfDay(due, timeZone).getTime();
  const days = Math.round((dayOf - today) / 86_400_000);
  if (days === 0) return `today${time}`;
  if (days === 1) return `tomorrow${time}`;
  if (days === -1) return `yesterday${time}`;
  const date = formatter(timeZone, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...(w.year !== wallClock(now, timeZone).year ? { year: 'numeric' } : {}),
  }).format(due);
  return `${date}${time}`;
}

/** One line about a task: `#4 “Buy milk” — due tomorrow, high priority, #home`. */
export function describeTask(task: Task, now: Date, timeZone: string): string {
  const details: string[] = [];
  if (task.dueAt) {
    const overdue = !task.completed && new Date(task.dueAt) < now;
    details.push(`${overdue ? 'overdue, was due' : 'due'} ${formatDue(task.dueAt, now, timeZone)}`);
  }
  if (task.recurrence)
    details.push(describeRecurrence(task.recurrence).replace(/^\w/, (c) => c.toLowerCase()));
  if (task.priority !== 'medium') details.push(`${task.priority} priority`);
  if (task.tags.length) details.push(task.tags.map((t) => `#${t}`).join(' '));
  if (task.completed) details.push('done');
  return `#${task.id} “${task.title}”${details.length ? ` — ${details.join(', ')}` : ''}`;
}

export function bulletList(tasks: Task[], now: Date, timeZone: string): string {
  return tasks.map((t, i) => `${i + 1}. ${describeTask(t, now, timeZone)}`).join('\n');
}

export const HELP = [
  'I can manage your tasks. Try:',
  '• “add buy milk tomorrow #home” or “remind me to call mom at 5pm”',
  '• “what’s on my list”, “show overdue”, “show high priority”, “tasks tagged work”',
  '• “done with 4” or “I finished the milk one”',
  '• “push the report to monday”, “make 7 high priority”, “rename 3 to Pay rent”',
  '• “delete task 2” or “remove the dentist task”',
].join('\n');
