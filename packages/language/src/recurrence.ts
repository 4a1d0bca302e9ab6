import { countOf, weekdayOf, type Context, type Ymd } from './dates';
import type { Token } from './tokens';

/** Repetition phrases as RFC 5545 RRULE strings ("every monday" → FREQ=WEEKLY;BYDAY=MO). */

export interface RecurrenceHit {
  start: number;
  end: number;
  next: number;
  rule: string;
  /** The first occurrence, when the rule names a day ("every monday" → the coming Monday). */
  first?: Ymd;
  implied?: [number, number];
}

const byDay = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const freqOf: Record<string, string> = {
  day: 'DAILY',
  days: 'DAILY',
  week: 'WEEKLY',
  weeks: 'WEEKLY',
  month: 'MONTHLY',
  months: 'MONTHLY',
  year: 'YEARLY',
  years: 'YEARLY',
};
const adverbs: Record<string, string> = {
  daily: 'FREQ=DAILY',
  weekly: 'FREQ=WEEKLY',
  monthly: 'FREQ=MONTHLY',
  yearly: 'FREQ=YEARLY',
  annually: 'FREQ=YEARLY',
  biweekly: 'FREQ=WEEKLY;INTERVAL=2',
  fortnightly: 'FREQ=WEEKLY;INTERVAL=2',
};
const partsOfDay: Record<string, [number, number]> = {
  morning: [9, 0],
  afternoon: [15, 0],
  evening: [19, 0],
  night: [20, 0],
};

function monthDay(word: string | undefined): number | null {
  const m = /^(\d{1,2})(st|nd|rd|th)?$/.exec(word ?? '');
  return m && Number(m[1]) >= 1 && Number(m[1]) <= 31 ? Number(m[1]) : null;
}

export function recurrenceAt(tokens: Token[], i: number, ctx: Context): RecurrenceHit | null {
  const w = (k: number) => tokens[i + k]?.word;
  const t = ctx.today;
  const hit = (n: number, rule: string, extra: Partial<RecurrenceHit> = {}): RecurrenceHit => ({
    start: tokens[i]!.start,
    end: tokens[i + n - 1]!.end,
    next: i + n,
    rule,
    ...extra,
  });
  const nextWeekday = (day: number): Ymd => [t.year, t.month, t.day + ((day - t.weekday + 7) % 7)];
  const nextMonthDay = (d: number): Ymd =>
    d >= t.day ? [t.year, t.month, d] : [t.year, t.month + 1, d];

  const word = w(0);
  if (!word) return null;
  if (adverbs[word]) return hit(1, adverbs[word]!);
  // "on weekdays", "weekdays at 9"
  if (word === 'weekdays') {
    return hit(1, 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
  }
  // "mondays" (plural weekday) means every Monday
  if (/s$/.test(word) && word.length > 4) {
    const d = weekdayOf(word.slice(0, -1), false);
    if (d !== null && /day$/.test(word.slice(0, -1))) {
      return hit(1, `FREQ=WEEKLY;BYDAY=${byDay[d]}`, { first: nextWeekday(d) });
    }
  }
  // "on the 1st of every month"
  if (word === 'the' || monthDay(word) !== null) {
    const j = word === 'the' ? 1 : 0;
    const d = monthDay(w(j));
    if (
      d !== null &&
      w(j + 1) === 'of' &&
      (w(j + 2) === 'every' || w(j + 2) === 'each') &&
      w(j + 3) === 'month'
    ) {
      return hit(j + 4, `FREQ=MONTHLY;BYMONTHDAY=${d}`, { first: nextMonthDay(d) });
    }
  }
  if (word !== 'every' && word !== 'each') return null;
  let j = 1;
  let interval = 1;
  if (w(j) === 'other') {
    interval = 2;
    j++;
  } else {
    const n = countOf(w(j));
    if (n !== null && n > 1 && freqOf[w(j + 1) ?? '']) {
      interval = n;
      j++;
    }
  }
  const unit = w(j) ?? '';
  const suffix = interval > 1 ? `;INTERVAL=${interval}` : '';
  if (unit === 'weekday' || unit === 'weekdays') {
    return hit(j + 1, 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
  }
  if (unit === 'weekend') return hit(j + 1, 'FREQ=WEEKLY;BYDAY=SA,SU');
  if (partsOfDay[unit]) return hit(j + 1, 'FREQ=DAILY', { implied: partsOfDay[unit] });
  if (freqOf[unit]) {
    const freq = freqOf[unit]!;
    // every month on the 1st / every month on the 15th
    if (freq === 'MONTHLY') {
      const k = w(j + 1) === 'on' ? j + 2 : j + 1;
      const the = w(k) === 'the' ? k + 1 : k;
      const d = monthDay(w(the));
      if (d !== null && (k > j + 1 || the > k)) {
        return hit(the + 1, `FREQ=MONTHLY${suffix};BYMONTHDAY=${d}`, { first: nextMonthDay(d) });
      }
    }
    return hit(j + 1, `FREQ=${freq}${suffix}`);
  }
  // every monday (and thursday)
  const days: number[] = [];
  let k = j;
  for (;;) {
    const d = weekdayOf(w(k) ?? '', true);
    if (d === null) break;
    days.push(d);
    k++;
    if ((w(k) === 'and' || w(k) === ',') && weekdayOf(w(k + 1) ?? '', true) !== null) k++;
  }
  if (days.length) {
    const sorted = [...new Set(days)];
    const first = sorted.map(nextWeekday).sort((a, b) => a[2] - b[2])[0];
    return hit(k, `FREQ=WEEKLY${suffix};BYDAY=${sorted.map((d) => byDay[d]).join(',')}`, { first });
  }
  // "every 1st" / "every 15th" (of the month)
  const d = monthDay(w(j));
  if (d !== null && /\D/.test(w(j)!)) {
    const len = w(j + 1) === 'of' && w(j + 2) === 'the' && w(j + 3) === 'month' ? j + 4 : j + 1;
    return hit(len, `FREQ=MONTHLY;BYMONTHDAY=${d}`, { first: nextMonthDay(d) });
  }
  return null;
}
