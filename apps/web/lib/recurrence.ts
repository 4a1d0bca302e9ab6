/**
 * The repeat choices the edit form offers, as RFC 5545 rules. Typed phrases ("every monday")
 * are the language engine's job; here the user picks, and "custom" takes a rule as typed.
 */
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const dayName = (d: Date) => d.toLocaleDateString('en-US', { weekday: 'long' });
const ordinal = (n: number) => {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

export interface RepeatPreset {
  value: string;
  label: string;
}

/** The presets for a task due on `due` (today when it has no due date). */
export function repeatPresets(due: Date): RepeatPreset[] {
  return [
    { value: 'FREQ=DAILY', label: 'Every day' },
    { value: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', label: 'Every weekday' },
    { value: `FREQ=WEEKLY;BYDAY=${DAYS[due.getDay()]}`, label: `Every week on ${dayName(due)}` },
    { value: 'FREQ=WEEKLY;INTERVAL=2', label: 'Every 2 weeks' },
    {
      value: `FREQ=MONTHLY;BYMONTHDAY=${due.getDate()}`,
      label: `Every month on the ${ordinal(due.getDate())}`,
    },
    { value: 'FREQ=YEARLY', label: 'Every year' },
  ];
}

const names: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const units: Record<string, string> = {
  DAILY: 'day',
  WEEKLY: 'week',
  MONTHLY: 'month',
  YEARLY: 'year',
};

/** A rule in words for the task row: "Every Monday", "Every 2 weeks", "Every month on the 1st". */
export function describeRecurrence(rule: string): string {
  const parts = Object.fromEntries(rule.split(';').map((p) => p.split('=') as [string, string]));
  const unit = units[parts.FREQ ?? ''];
  if (!unit) return 'Repeats';
  const n = Number(parts.INTERVAL ?? 1);
  let text = n > 1 ? `Every ${n} ${unit}s` : `Every ${unit}`;
  const days = parts.BYDAY?.split(',') ?? [];
  if (days.join(',') === 'MO,TU,WE,TH,FR') text = n > 1 ? `${text} on weekdays` : 'Every weekday';
  else if (days.length && days.every((d) => names[d])) {
    const list = days.map((d) => names[d]).join(', ');
    text = n > 1 ? `${text} on ${list}` : `Every ${list}`;
  } else if (parts.BYMONTHDAY && /^\d+$/.test(parts.BYMONTHDAY)) {
    text = `${text} on the ${ordinal(Number(parts.BYMONTHDAY))}`;
  } else if (days.length || Object.keys(parts).length > 2) {
    return `Repeats (${rule})`;
  }
  return text;
}
