import { wallClock, zonedInstant } from '@todo/contracts';

/**
 * Due-date phrases in a message, resolved in the user's time zone. A date without a time
 * means the end of that day (23:59), so a task due "today" is not overdue until tonight.
 */
export interface DueMatch {
  dueAt: Date;
  /** The part of the message that said it, so it can be removed from a task title. */
  text: string;
}

const weekdayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const weekdayPattern =
  '(sun(?:day)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday|r)?|fri(?:day)?|sat(?:urday)?)';
const monthNames = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const monthPattern =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const numberWords: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  couple: 2,
  few: 3,
};

const lead = '(?:(?:due|by|on|for|before|until|at|from)\\s+)?';
const timePattern =
  '(?:\\s*(?:at|@|by)?\\s*(noon|midnight|\\d{1,2}(?::\\d{2})?\\s*(?:am|pm|a\\.m\\.|p\\.m\\.)|\\d{1,2}:\\d{2}|(?:in the\\s+)?(?:morning|afternoon|evening)|tonight))?';

function weekdayIndex(word: string): number {
  return weekdayNames.findIndex((d) => d.startsWith(word.slice(0, 3)));
}

function monthIndex(word: string): number {
  return monthNames.indexOf(word.slice(0, 3));
}

/** Hours and minutes from "5pm", "5:30 pm", "17:00", "noon", "in the evening". */
function parseTime(raw: string | undefined): [number, number] | null {
  if (!raw) return null;
  const t = raw.trim().replace(/\./g, '');
  if (t === 'noon') return [12, 0];
  if (t === 'midnight') return [23, 59];
  const part = t.replace(/^in the\s+/, '');
  if (part === 'tonight' || part === 'evening') return [20, 0];
  if (part === 'morning') return [9, 0];
  if (part === 'afternoon') return [15, 0];
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/.exec(t);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (m[3] === 'pm' && hour < 12) hour += 12;
  if (m[3] === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return null;
  return [hour, minute];
}

interface DayRule {
  pattern: RegExp;
  /** Calendar day as [year, month, day] relative to `today`, or null when it is not a date. */
  day(
    m: RegExpExecArray,
    today: { year: number; month: number; day: number; weekday: number },
  ): [number, number, number] | null;
}

const rules: DayRule[] = [
  {
    pattern: new RegExp(`\\b${lead}(\\d{4})-(\\d{2})-(\\d{2})\\b`),
    day: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  {
    pattern: /\b(?:(?:due|by|on|for)\s+)?(?:the\s+)?day after tomorrow\b/,
    day: (_m, t) => [t.year, t.month, t.day + 2],
  },
  {
    pattern: /\b(?:(?:due|by|for|until)\s+)?(today|tonight|tomorrow|tmrw|tmr)\b/,
    day: (m, t) => [t.year, t.month, t.day + (m[1] === 'today' || m[1] === 'tonight' ? 0 : 1)],
  },
  {
    pattern: new RegExp(
      `\\b(?:(?:due|by|on|for)\\s+)?in\\s+(\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)\\s+(day|week|month)s?\\b`,
    ),
    day: (m, t) => {
      const n = numberWords[m[1]!.replace(/^a (couple of|few)$/, '$1')] ?? Number(m[1]);
      if (m[2] === 'day') return [t.year, t.month, t.day + n];
      if (m[2] === 'week') return [t.year, t.month, t.day + 7 * n];
      return [t.year, t.month + n, t.day];
    },
  },
  {
    pattern: /\b(?:(?:due|by|for)\s+)?(next|this)\s+(week|weekend|month)\b/,
    day: (m, t) => {
      if (m[2] === 'weekend') return [t.year, t.month, t.day + ((6 - t.weekday + 7) % 7 || 7)];
      if (m[2] === 'month')
        return m[1] === 'next' ? [t.year, t.month + 1, 1] : [t.year, t.month + 1, 0];
      // "next week" is next Monday; "this week" is the coming Sunday.
      return m[1] === 'next'
        ? [t.year, t.month, t.day + ((8 - t.weekday) % 7 || 7)]
        : [t.year, t.month, t.day + ((7 - t.weekday) % 7)];
    },
  },
  {
    pattern: /\b(?:(?:due|by|for)\s+)?(?:the\s+)?end of (?:the\s+)?(week|month)\b/,
    day: (m, t) =>
      m[1] === 'week' ? [t.year, t.month, t.day + ((7 - t.weekday) % 7)] : [t.year, t.month + 1, 0],
  },
  {
    pattern: new RegExp(`\\b${lead}(?:(next|this|coming)\\s+)?${weekdayPattern}\\b`),
    day: (m, t) => {
      const target = weekdayIndex(m[2]!);
      if (m[1] === 'next') {
        // "next friday" is the Friday of next week (weeks start on Monday).
        const mondayBased = (d: number) => (d + 6) % 7;
        return [t.year, t.month, t.day + 7 - mondayBased(t.weekday) + mondayBased(target)];
      }
      let ahead = (target - t.weekday + 7) % 7;
      // "monday" said on a Monday means the next one; "this monday" means today.
      if (ahead === 0 && m[1] !== 'this') ahead = 7;
      return [t.year, t.month, t.day + ahead];
    },
  },
  {
    pattern: new RegExp(
      `\\b${lead}${monthPattern}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`,
    ),
    day: (m, t) => withYear(m[3], monthIndex(m[1]!) + 1, Number(m[2]), t),
  },
  {
    pattern: new RegExp(
      `\\b${lead}(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${monthPattern}(?:,?\\s+(\\d{4}))?\\b`,
    ),
    day: (m, t) => withYear(m[3], monthIndex(m[2]!) + 1, Number(m[1]), t),
  },
];

/** A month/day without a year is the next such day: "jan 5" said in December is next year. */
function withYear(
  year: string | undefined,
  month: number,
  day: number,
  t: { year: number; month: number; day: number },
): [number, number, number] | null {
  if (month < 1 || day < 1 || day > 31) return null;
  if (year) return [Number(year), month, day];
  const past = month < t.month || (month === t.month && day < t.day);
  return [past ? t.year + 1 : t.year, month, day];
}

/** Finds the first due-date phrase (with an optional time) in `text`. */
export function parseDue(text: string, now: Date, timeZone: string): DueMatch | null {
  const lower = text.toLowerCase();
  const today = wallClock(now, timeZone);
  let best: {
    index: number;
    length: number;
    date: [number, number, number];
    m: RegExpExecArray;
  } | null = null;
  for (const rule of rules) {
    const timed = new RegExp(rule.pattern.source + timePattern);
    const m = timed.exec(lower);
    if (!m) continue;
    const date = rule.day(m, today);
    if (!date) continue;
    if (!best || m.index < best.index) best = { index: m.index, length: m[0].length, date, m };
  }
  let time: [number, number] | null = null;
  let matchText = '';
  if (best) {
    matchText = text.slice(best.index, best.index + best.length);
    time = parseTime(best.m[best.m.length - 1]);
    if (!time && /\btonight\b/.test(best.m[0])) time = [20, 0];
  } else {
    // A time alone ("at 5pm") means today, or tomorrow if that time has passed.
    const m = /\b(?:at|by)\s+(noon|\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2})\b/.exec(lower);
    const t = parseTime(m?.[1]);
    if (!m || !t) return null;
    const later = t[0] > today.hour || (t[0] === today.hour && t[1] > today.minute);
    best = {
      index: m.index,
      length: m[0].length,
      date: [today.year, today.month, today.day + (later ? 0 : 1)],
      m,
    };
    matchText = text.slice(m.index, m.index + m[0].length);
    time = t;
  }
  const [year, month, day] = best.date;
  const [hour, minute] = time ?? [23, 59];
  const dueAt = zonedInstant(timeZone, year, month, day, hour, minute);
  if (Number.isNaN(dueAt.getTime())) return null;
  return { dueAt, text: matchText };
}
