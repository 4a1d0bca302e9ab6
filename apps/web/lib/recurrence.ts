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

/** A rule in words for the task row (shared with the assistant's replies). */
export { describeRecurrence } from '@todo/contracts';
