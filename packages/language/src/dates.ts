import { wallClock, zonedInstant, type WallClock } from '@todo/contracts';
import type { Token } from './tokens';
import {
  ambiguousWeekdayAbbreviations,
  monthAbbreviations,
  months,
  numberWords,
  ordinalWords,
  weekdayAbbreviations,
  weekdays,
} from './vocabulary';

/**
 * Dates and times in a message, on tokens (so typos are already corrected), resolved in the
 * user's IANA time zone. Readings (documented in docs/language.md):
 * - a date without a time is due at the end of that day (23:59);
 * - a bare hour ("at 5") is the working-day reading: 1-7 → pm, 8-11 → am, 12 → noon;
 * - a time alone is today, or tomorrow once that time has passed;
 * - 12/3 is month/day (December 3), as en-US writes it; 25/12 can only be day/month;
 * - "next friday" is the Friday of next week; "friday" is the next Friday after today.
 */

export type Ymd = [year: number, month: number, day: number];

export interface DateHit {
  start: number;
  end: number;
  /** Index of the first token after the match. */
  next: number;
  date?: Ymd;
  /** A time implied by the words ("tonight" → 20:00). */
  implied?: [number, number];
  /** An exact instant ("in 20 minutes"). */
  instant?: Date;
}

export interface TimeHit {
  start: number;
  end: number;
  next: number;
  time: [number, number];
  /** A bare hour ("at 9"): its am/pm was guessed, so a part of day may settle it. */
  bare?: boolean;
}

export interface Context {
  now: Date;
  timeZone: string;
  today: WallClock;
}

export const partOfDay: Record<string, [number, number]> = {
  morning: [9, 0],
  afternoon: [15, 0],
  evening: [19, 0],
  night: [20, 0],
  tonight: [20, 0],
};

/** Words that may introduce a date and belong to its span ("due friday", "by 5pm"). */
const leadWords = new Set(['on', 'by', 'due', 'for', 'before', 'until', 'till', 'at', '@', 'from']);

export function weekdayOf(word: string, allowAmbiguous: boolean): number | null {
  const full = weekdays.indexOf(word.replace(/s$/, '') as (typeof weekdays)[number]);
  if (full >= 0) return full;
  const abbr = weekdayAbbreviations[word.replace(/\.$/, '')];
  if (abbr === undefined) return null;
  if (ambiguousWeekdayAbbreviations.has(word) && !allowAmbiguous) return null;
  return abbr;
}

export function monthOf(word: string): number | null {
  const full = months.indexOf(word as (typeof months)[number]);
  if (full >= 0) return full + 1;
  return monthAbbreviations[word.replace(/\.$/, '')] ?? null;
}

export function countOf(word: string | undefined): number | null {
  if (!word) return null;
  if (/^\d{1,3}$/.test(word)) return Number(word);
  return numberWords[word] ?? null;
}

function dayNumber(word: string | undefined): number | null {
  if (!word) return null;
  const m = /^(\d{1,2})(st|nd|rd|th)?$/.exec(word);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 31 ? Number(m[1]) : null;
  return ordinalWords[word] ?? null;
}

function year(word: string | undefined): number | null {
  return word && /^\d{4}$/.test(word) ? Number(word) : null;
}

const add = (t: WallClock, days: number): Ymd => [t.year, t.month, t.day + days];

/** The next day with this month and day: "jan 5" said in December is next year. */
function upcoming(t: WallClock, month: number, day: number, y: number | null): Ymd {
  if (y) return [y, month, day];
  const past = month < t.month || (month === t.month && day < t.day);
  return [past ? t.year + 1 : t.year, month, day];
}

const mondayBased = (weekday: number) => (weekday + 6) % 7;

/** A date phrase starting at token i, if there is one. */
export function dateAt(tokens: Token[], i: number, ctx: Context): DateHit | null {
  const t = ctx.today;
  const w = (k: number) => tokens[i + k]?.word;
  const hit = (n: number, fields: Omit<DateHit, 'start' | 'end' | 'next'>): DateHit => ({
    start: tokens[i]!.start,
    end: tokens[i + n - 1]!.end,
    next: i + n,
    ...fields,
  });
  const word = w(0);
  if (!word) return null;

  // the day after tomorrow
  let k = word === 'the' ? 1 : 0;
  if (w(k) === 'day' && w(k + 1) === 'after' && w(k + 2) === 'tomorrow') {
    return hit(k + 3, { date: add(t, 2) });
  }
  if (
    word === 'today' ||
    word === 'tonight' ||
    word === 'tomorrow' ||
    /^(tmrw?|tmw|2moro)$/.test(word)
  ) {
    const days = word === 'today' || word === 'tonight' ? 0 : 1;
    const part = partOfDay[w(1) ?? ''];
    if (word !== 'tonight' && part && w(1) !== 'tonight')
      return hit(2, { date: add(t, days), implied: part });
    return hit(1, {
      date: add(t, days),
      implied: word === 'tonight' ? partOfDay.tonight : undefined,
    });
  }
  if (word === 'this' && partOfDay[w(1) ?? ''] && w(1) !== 'tonight') {
    return hit(2, { date: add(t, 0), implied: partOfDay[w(1)!] });
  }
  // end of the day / week / month
  k = word === 'the' ? 1 : 0;
  if (w(k) === 'end' && w(k + 1) === 'of') {
    const j = w(k + 2) === 'the' || w(k + 2) === 'this' ? k + 3 : k + 2;
    if (w(j) === 'day') return hit(j + 1, { date: add(t, 0) });
    if (w(j) === 'week') return hit(j + 1, { date: add(t, (7 - t.weekday) % 7) });
    if (w(j) === 'month') return hit(j + 1, { date: [t.year, t.month + 1, 0] });
    if (w(j) === 'year') return hit(j + 1, { date: [t.year, 12, 31] });
  }
  if (word === 'eod') return hit(1, { date: add(t, 0) });
  if (word === 'eow') return hit(1, { date: add(t, (7 - t.weekday) % 7) });
  if (word === 'eom') return hit(1, { date: [t.year, t.month + 1, 0] });

  // in N units / N units from now / in a couple of days
  if (word === 'in' || word === 'within') {
    let j = 1;
    if (w(j) === 'a' && (w(j + 1) === 'couple' || w(j + 1) === 'few')) j++;
    const n = countOf(w(j));
    if (
      w(j) === 'half' &&
      (w(j + 1) === 'an' || w(j + 1) === 'a') &&
      /^(hour|hr)$/.test(w(j + 2) ?? '')
    ) {
      return hit(j + 3, { instant: new Date(ctx.now.getTime() + 30 * 60_000) });
    }
    if (n !== null) {
      let u = j + 1;
      if (w(u) === 'of') u++;
      const unit = w(u) ?? '';
      const len = u + 1;
      if (/^(min|mins|minute|minutes)$/.test(unit)) {
        return hit(len, { instant: new Date(ctx.now.getTime() + n * 60_000) });
      }
      if (/^(h|hr|hrs|hour|hours)$/.test(unit)) {
        return hit(len, { instant: new Date(ctx.now.getTime() + n * 3_600_000) });
      }
      if (/^days?$/.test(unit)) return hit(len, { date: add(t, n) });
      if (/^weeks?$/.test(unit)) return hit(len, { date: add(t, 7 * n) });
      if (/^fortnights?$/.test(unit)) return hit(len, { date: add(t, 14 * n) });
      if (/^months?$/.test(unit)) return hit(len, { date: [t.year, t.month + n, t.day] });
      if (/^years?$/.test(unit)) return hit(len, { date: [t.year + n, t.month, t.day] });
    }
  }
  {
    const n = countOf(word);
    const unit = w(1) ?? '';
    if (n !== null && w(2) === 'from' && (w(3) === 'now' || w(3) === 'today')) {
      if (/^days?$/.test(unit)) return hit(4, { date: add(t, n) });
      if (/^weeks?$/.test(unit)) return hit(4, { date: add(t, 7 * n) });
    }
  }

  // next/this/coming week, weekend, month, or weekday
  if (
    word === 'next' ||
    word === 'this' ||
    word === 'coming' ||
    (word === 'the' && w(1) === 'coming')
  ) {
    const j = word === 'the' ? 2 : 1;
    const rel = word === 'the' ? 'coming' : word;
    const what = w(j);
    if (what === 'week') {
      return hit(j + 1, {
        date: rel === 'next' ? add(t, 7 - mondayBased(t.weekday)) : add(t, (7 - t.weekday) % 7),
      });
    }
    if (what === 'weekend') {
      const toSaturday = (6 - t.weekday + 7) % 7;
      return hit(j + 1, {
        date: add(t, rel === 'next' && toSaturday < 6 ? toSaturday + 7 : toSaturday),
      });
    }
    if (what === 'month') {
      return hit(j + 1, {
        date: rel === 'next' ? [t.year, t.month + 1, 1] : [t.year, t.month + 1, 0],
      });
    }
    if (what === 'year')
      return hit(j + 1, { date: rel === 'next' ? [t.year + 1, 1, 1] : [t.year, 12, 31] });
    const day = what ? weekdayOf(what, true) : null;
    if (day !== null) {
      if (rel === 'next') {
        return hit(j + 1, { date: add(t, 7 - mondayBased(t.weekday) + mondayBased(day)) });
      }
      const ahead = (day - t.weekday + 7) % 7;
      return hit(j + 1, { date: add(t, rel === 'this' ? ahead : ahead || 7) });
    }
  }
  if (word === 'weekend') return hit(1, { date: add(t, (6 - t.weekday + 7) % 7) });

  // a weekday: "friday", "on sat"
  const prev = tokens[i - 1]?.word;
  const day = weekdayOf(word, prev !== undefined && leadWords.has(prev));
  if (day !== null && !word.endsWith('s')) {
    // "thursday next week": that day of next week
    if (w(1) === 'next' && w(2) === 'week') {
      return hit(3, { date: add(t, 7 - mondayBased(t.weekday) + mondayBased(day)) });
    }
    const ahead = (day - t.weekday + 7) % 7 || 7;
    const next = w(1) === 'next' ? 7 : 0;
    return hit(next ? 2 : 1, { date: add(t, ahead + next) });
  }

  // dec 3, december 3rd 2027, dec. 3
  const month = monthOf(word);
  if (month !== null) {
    const d = dayNumber(w(1)) ?? (w(1) === 'the' ? dayNumber(w(2)) : null);
    if (d !== null && (word !== 'may' || /^\d/.test(w(1) ?? ''))) {
      const j = w(1) === 'the' ? 3 : 2;
      const y = year(w(j));
      return hit(y ? j + 1 : j, { date: upcoming(t, month, d, y) });
    }
  }
  // 3 dec, 3rd of december, the 3rd of december, the 15th
  k = word === 'the' ? 1 : 0;
  const d = dayNumber(w(k));
  if (d !== null && (k === 1 || /^\d/.test(w(k)!))) {
    const of = w(k + 1) === 'of' ? 1 : 0;
    const m = monthOf(w(k + 1 + of) ?? '');
    if (m !== null && (w(k + 1 + of) !== 'may' || k + of > 0 || /\d/.test(w(k)!))) {
      const j = k + 2 + of;
      const y = year(w(j));
      return hit(y ? j + 1 : j, { date: upcoming(t, m, d, y) });
    }
    // "the 15th", "on the 3rd": that day of this month, or of next month once it has passed
    const suffixed = /^\d{1,2}(st|nd|rd|th)$/.test(w(k)!);
    if ((k === 1 && (suffixed || prev === 'on' || prev === 'by')) || (suffixed && prev === 'on')) {
      return hit(k + 1, {
        date: d >= t.day ? [t.year, t.month, d] : [t.year, t.month + 1, d],
      });
    }
  }

  // 2026-12-03, 12/3, 12/3/2026, 25/12
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
  if (m) return hit(1, { date: [Number(m[1]), Number(m[2]), Number(m[3])] });
  m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/.exec(word);
  if (m) {
    let [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12 && b <= 12) [a, b] = [b, a];
    if (a >= 1 && a <= 12 && b >= 1 && b <= 31) {
      const y = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : null;
      return hit(1, { date: upcoming(t, a, b, y) });
    }
  }
  return null;
}

/** Hours and minutes from "5pm", "5:30 pm", "17:30", "noon", "at 5" (working-day reading). */
export function timeAt(tokens: Token[], i: number): TimeHit | null {
  const w = (k: number) => tokens[i + k]?.word;
  const word = w(0);
  if (!word) return null;
  const prev = tokens[i - 1]?.word;
  const hit = (n: number, time: [number, number]): TimeHit => ({
    start: tokens[i]!.start,
    end: tokens[i + n - 1]!.end,
    next: i + n,
    time,
  });
  if (word === 'noon' || word === 'midday') return hit(1, [12, 0]);
  // "half past 3", "quarter past 5", "quarter to 4": a bare hour with its minutes
  if ((word === 'half' || word === 'quarter') && (w(1) === 'past' || w(1) === 'to')) {
    const h = /^\d{1,2}$/.test(w(2) ?? '') ? Number(w(2)) : (numberWords[w(2) ?? ''] ?? 0);
    if (h >= 1 && h <= 12) {
      const minutes = word === 'half' ? 30 : w(1) === 'past' ? 15 : 45;
      const hour = w(1) === 'to' ? (h === 1 ? 12 : h - 1) : h;
      return { ...hit(3, [hour >= 1 && hour <= 7 ? hour + 12 : hour, minutes]), bare: true };
    }
  }
  if (word === 'midnight') return hit(1, [23, 59]);
  const m = /^(\d{1,2})(?::(\d{2}))?(am|pm|a\.m|p\.m|a|p)?$/.exec(word.replace(/^@/, ''));
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  let suffix = m[3]?.[0];
  let n = 1;
  if (!suffix && /^(am|pm|a\.m|p\.m)$/.test(w(1) ?? '')) {
    suffix = w(1)![0];
    n = 2;
  }
  if (!suffix && w(1) === "o'clock") n = 2;
  if (hour > 23 || minute > 59) return null;
  if (suffix) {
    if (hour > 12 || hour === 0) return null;
    if (suffix === 'p' && hour < 12) hour += 12;
    if (suffix === 'a' && hour === 12) hour = 0;
    return hit(n, [hour, minute]);
  }
  // Without am/pm a number is a time only when it looks like one: "17:30", "at 5", "5 o'clock".
  if (!m[2] && prev !== 'at' && prev !== '@' && n === 1) return null;
  if (/^0/.test(word) || hour > 12) return hit(n, [hour, minute]);
  if (hour >= 1 && hour <= 7) hour += 12;
  return { ...hit(n, [hour, minute]), bare: true };
}

/**
 * A part of day said after a date ("monday morning", "saturday night", "friday in the
 * afternoon") or alone with "in the"/"at"/"this" ("in the evening", "at night").
 */
export function partOfDayAt(
  tokens: Token[],
  i: number,
): { implied: [number, number]; next: number; end: number } | null {
  const w = (k: number) => tokens[i + k]?.word;
  let k = 0;
  if ((w(0) === 'in' || w(0) === 'during') && w(1) === 'the') k = 2;
  else if (w(0) === 'at' && w(1) === 'night') k = 1;
  const part = partOfDay[w(k) ?? ''];
  if (!part || w(k) === 'tonight') return null;
  return { implied: part, next: i + k + 1, end: tokens[i + k]!.end };
}

/**
 * A bare hour read against the part of day it was said with: "tonight at 9" is 21:00,
 * "tomorrow morning at 7" is 07:00.
 */
export function settleHour(time: TimeHit, part: [number, number] | undefined): [number, number] {
  if (!time.bare || !part) return time.time;
  const [h, m] = time.time;
  if (part[0] >= 15 && h < 12) return [h + 12, m];
  if (part[0] < 12 && h > 12) return [h - 12, m];
  return [h, m];
}

export { leadWords };

/** The instant for a calendar day and wall-clock time in the user's zone. */
export function instantOf(ctx: Context, date: Ymd, time: [number, number]): Date {
  return zonedInstant(ctx.timeZone, date[0], date[1], date[2], time[0], time[1]);
}

export function contextFor(now: Date, timeZone: string): Context {
  return { now, timeZone, today: wallClock(now, timeZone) };
}
