/**
 * The task rules the browser applies too (limits, the tag rule). No zod here, so the web app
 * can import them without shipping the schemas to the browser.
 */

export const TASK_TITLE_MAX = 200;
export const TASK_DESCRIPTION_MAX = 2000;
export const TASK_TAGS_MAX = 10;
export const TASK_TAG_MAX = 32;
export const TASK_LIST_LIMIT_MAX = 100;

/** The tag rule: a tag is stored trimmed, lower-case and without a leading '#'. */
export const normaliseTag = (raw: string): string => raw.trim().toLowerCase().replace(/^#/, '');

/** Tags typed in one field, as people type them: "home, Work #x" → ["home", "work", "x"]. */
export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map(normaliseTag)
        .filter(Boolean),
    ),
  ];
}

const DAY = '(?:[+-]?\\d{1,2})?(?:MO|TU|WE|TH|FR|SA|SU)';
const RRULE_PARTS: Record<string, RegExp> = {
  FREQ: /^(?:DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^[1-9]\d{0,2}$/,
  BYDAY: new RegExp(`^${DAY}(?:,${DAY})*$`),
  BYMONTHDAY: /^-?\d{1,2}(?:,-?\d{1,2})*$/,
  BYMONTH: /^\d{1,2}(?:,\d{1,2})*$/,
  BYSETPOS: /^-?\d{1,3}$/,
  COUNT: /^[1-9]\d{0,3}$/,
  UNTIL: /^\d{8}(?:T\d{6}Z?)?$/,
  WKST: /^(?:MO|TU|WE|TH|FR|SA|SU)$/,
};

/** An RFC 5545 RRULE body, upper-cased and without the "RRULE:" prefix; null when invalid. */
export function normaliseRecurrence(raw: string): string | null {
  const body = raw
    .trim()
    .toUpperCase()
    .replace(/^RRULE:/, '');
  const parts = body.split(';').filter(Boolean);
  const seen = new Set<string>();
  for (const part of parts) {
    const [key, value, extra] = part.split('=');
    const rule = key && Object.hasOwn(RRULE_PARTS, key) ? RRULE_PARTS[key] : undefined;
    if (!rule || value === undefined || extra !== undefined || seen.has(key!)) return null;
    if (!rule.test(value)) return null;
    seen.add(key!);
  }
  return seen.has('FREQ') && !(seen.has('COUNT') && seen.has('UNTIL')) ? parts.join(';') : null;
}

const ordinal = (n: number) => {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

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

/** A rule in words (the task row, the assistant's replies): "Every Monday", "Every 2 weeks", "Every month on the 1st". */
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
