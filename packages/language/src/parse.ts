import { normaliseTag, type Priority } from '@todo/contracts';
import {
  contextFor,
  dateAt,
  instantOf,
  leadWords,
  partOfDayAt,
  settleHour,
  timeAt,
  type Context,
  type DateHit,
  type TimeHit,
} from './dates';
import { priorityAt } from './priority';
import { recurrenceAt, type RecurrenceHit } from './recurrence';
import { tokenize, type Token } from './tokens';
import { allWords } from './vocabulary';

export type SpanKind = 'date' | 'time' | 'tag' | 'priority' | 'recurrence' | 'description';
export interface Span {
  start: number;
  end: number;
  kind: SpanKind;
}

export interface ParseOptions {
  now: Date;
  /** IANA zone the user's words are read in ("tomorrow" in Tokyo). */
  timeZone: string;
  /** The user's existing tags: "for work" is a tag only when "work" is one (or a usual context). */
  knownTags?: readonly string[];
}

export interface ParsedTask {
  title: string;
  description?: string;
  /** ISO 8601 instant. */
  dueAt?: string;
  dueHasTime: boolean;
  tags: string[];
  priority?: Priority;
  /** RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO. */
  recurrence?: string;
  /** Where each attribute was said in the input, for highlighting in a preview. */
  spans: Span[];
}

export interface DueFound {
  dueAt: Date;
  hasTime: boolean;
  spans: Span[];
}

/** Contexts people say with "for …" that are tags even before the user has used them. */
const contextTags = new Set([
  'work',
  'home',
  'school',
  'personal',
  'errands',
  'office',
  'family',
  'finance',
  'health',
]);

/**
 * Due date, time and recurrence found in `tokens`: the first date and the first time,
 * wherever they are ("at 5 on friday", "friday at 5").
 */
function scan(tokens: Token[], ctx: Context, used: boolean[]) {
  let date: DateHit | null = null;
  let time: TimeHit | null = null;
  let recurrence: RecurrenceHit | null = null;
  const spans: Span[] = [];
  const claim = (start: number, next: number, kind: SpanKind, hitStart: number, end: number) => {
    let from = start;
    // "due by friday", "at 5": the words that introduce it go with it.
    while (from > 0 && !used[from - 1] && leadWords.has(tokens[from - 1]!.word) && start - from < 2)
      from--;
    for (let k = from; k < next; k++) used[k] = true;
    spans.push({ start: from < start ? tokens[from]!.start : hitStart, end, kind });
  };
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    if (!recurrence) {
      const r = recurrenceAt(tokens, i, ctx);
      if (r) {
        recurrence = r;
        claim(i, r.next, 'recurrence', r.start, r.end);
        i = r.next - 1;
        continue;
      }
    }
    if (!date) {
      const d = dateAt(tokens, i, ctx);
      if (d) {
        date = d;
        // "monday morning", "saturday night": the part of day gives the date its time.
        const part = !d.implied && !d.instant ? partOfDayAt(tokens, d.next) : null;
        if (part) date = { ...d, implied: part.implied, next: part.next, end: part.end };
        claim(i, date.next, 'date', date.start, date.end);
        i = date.next - 1;
        continue;
      }
      // "in the evening", "at night" alone: today (or tomorrow once past) at that hour.
      const part = partOfDayAt(tokens, i);
      if (part && part.next - i > 1) {
        date = { start: tokens[i]!.start, end: part.end, next: part.next, implied: part.implied };
        claim(i, part.next, 'date', date.start, date.end);
        i = part.next - 1;
        continue;
      }
    }
    if (!time) {
      const t = timeAt(tokens, i);
      if (t) {
        time = t;
        claim(i, t.next, 'time', t.start, t.end);
        i = t.next - 1;
      }
    }
  }
  return { date, time, recurrence, spans };
}

function resolveDue(
  found: ReturnType<typeof scan>,
  ctx: Context,
): { dueAt: Date; hasTime: boolean } | null {
  const { date, time, recurrence } = found;
  if (date?.instant) return { dueAt: date.instant, hasTime: true };
  const clock =
    (time ? settleHour(time, date?.implied) : null) ?? date?.implied ?? recurrence?.implied ?? null;
  let day = date?.date ?? recurrence?.first;
  if (!day && (clock || recurrence)) {
    const t = ctx.today;
    const [h, m] = clock ?? [23, 59];
    const later = h > t.hour || (h === t.hour && m > t.minute);
    day = [t.year, t.month, t.day + (later ? 0 : 1)];
  }
  if (!day) return null;
  const dueAt = instantOf(ctx, day, clock ?? [23, 59]);
  if (Number.isNaN(dueAt.getTime())) return null;
  return { dueAt, hasTime: Boolean(clock) };
}

/** The first due date (with its time) said in `text`, for the chat's "move it to friday". */
export function findDue(text: string, now: Date, timeZone: string): DueFound | null {
  const tokens = tokenize(text, allWords);
  const found = scan(
    tokens,
    contextFor(now, timeZone),
    tokens.map(() => false),
  );
  const due = resolveDue(found, contextFor(now, timeZone));
  return due ? { ...due, spans: found.spans } : null;
}

/** Only a time of day in `text` ("move it to 3pm"), for changing the time and keeping the day. */
export function findTime(text: string): [number, number] | null {
  const tokens = tokenize(text, allWords);
  for (let i = 0; i < tokens.length; i++) {
    if (dateAt(tokens, i, contextFor(new Date(0), 'UTC'))) return null;
    const t = timeAt(tokens, i);
    if (t) return t.time;
  }
  return null;
}

/** A description after a dash or "note:": "buy milk - the oat one". */
function splitDescription(text: string): { head: string; description?: string; at?: number } {
  const m = /\s+[-–—]+\s+|\s*\b(?:notes?|description|desc|details)\s*:\s*/i.exec(text);
  if (!m || m.index === 0) return { head: text };
  const description = text.slice(m.index + m[0].length).trim();
  if (!description) return { head: text.slice(0, m.index) };
  return { head: text.slice(0, m.index), description, at: m.index };
}

/**
 * Todoist-style quick add: "buy stamps tomorrow 5pm #errands !high" → title "Buy stamps",
 * due tomorrow 17:00 in the user's zone, tag errands, high priority. The same reading the chat
 * uses when it adds a task.
 */
export function parseTaskText(text: string, options: ParseOptions): ParsedTask {
  const ctx = contextFor(options.now, options.timeZone);
  const known = new Set([...(options.knownTags ?? []).map(normaliseTag), ...contextTags]);
  const { head, description, at } = splitDescription(text);
  const tokens = tokenize(head, allWords);
  const used = tokens.map(() => false);
  const spans: Span[] = [];
  const tags: string[] = [];
  let priority: Priority | undefined;

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.raw.startsWith('#') && tok.raw.length > 1) {
      tags.push(normaliseTag(tok.raw));
      used[i] = true;
      spans.push({ start: tok.start, end: tok.end, kind: 'tag' });
      continue;
    }
    // "tag it home", "tagged work", "tags: home, errands", "label it x"
    // ... but an item that opens with the word ("label boxes") is a task to label something.
    const opensItem = i === 0 && !/^(it|as|with|this)$/.test(tokens[1]?.word ?? '');
    if (/^(tag|tags|tagged|label|labelled|labeled)$/.test(tok.word) && !opensItem) {
      let j = i + 1;
      if (/^(it|as|with|this)$/.test(tokens[j]?.word ?? '')) j++;
      const first = j;
      while (
        tokens[j] &&
        /^[\p{L}\p{N}_-]+$/u.test(tokens[j]!.raw) &&
        (j === first || tokens[j - 1]!.end + 2 >= tokens[j]!.start || tokens[j]!.word !== 'and')
      ) {
        if (tokens[j]!.word === 'and') {
          j++;
          continue;
        }
        tags.push(normaliseTag(tokens[j]!.raw));
        j++;
        if (
          !head.slice(tokens[j - 1]!.end, tokens[j]?.start ?? head.length).includes(',') &&
          tokens[j]?.word !== 'and'
        )
          break;
      }
      if (j > first) {
        for (let k = i; k < j; k++) used[k] = true;
        spans.push({ start: tok.start, end: tokens[j - 1]!.end, kind: 'tag' });
        i = j - 1;
        continue;
      }
    }
    // "for work" at the end of a clause
    if (tok.word === 'for' && tokens[i + 1] && known.has(tokens[i + 1]!.word)) {
      const after = tokens[i + 2];
      if (
        !after ||
        /^(tomorrow|today|tonight|on|by|at|next|this|in|every|due)$/.test(after.word) ||
        head.slice(tokens[i + 1]!.end, after.start).includes(',')
      ) {
        tags.push(tokens[i + 1]!.word);
        used[i] = used[i + 1] = true;
        spans.push({ start: tok.start, end: tokens[i + 1]!.end, kind: 'tag' });
        i++;
        continue;
      }
    }
    const p = priority ? null : priorityAt(tokens, i);
    if (p) {
      priority = p.priority;
      let from = i;
      if (from > 0 && /^(with|as|is|it's|its|at)$/.test(tokens[from - 1]!.word) && !used[from - 1])
        from--;
      for (let k = from; k < p.next; k++) used[k] = true;
      spans.push({ start: tokens[from]!.start, end: p.end, kind: 'priority' });
      i = p.next - 1;
    }
  }

  const found = scan(tokens, ctx, used);
  spans.push(...found.spans);
  const due = resolveDue(found, ctx);

  let title = '';
  let last = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < last) continue;
    title += `${head.slice(last, s.start)} `;
    last = s.end;
  }
  title += head.slice(last);
  title = cleanTitle(title);
  if (description !== undefined && at !== undefined) {
    spans.push({ start: at, end: text.length, kind: 'description' });
  }
  return {
    title,
    ...(description ? { description } : {}),
    ...(due ? { dueAt: due.dueAt.toISOString() } : {}),
    dueHasTime: due?.hasTime ?? false,
    tags: [...new Set(tags.filter(Boolean))],
    ...(priority ? { priority } : {}),
    ...(found.recurrence ? { recurrence: found.recurrence.rule } : {}),
    spans: spans.sort((a, b) => a.start - b.start),
  };
}

const danglingEnd =
  /(?:\s*[,;:!.\-–—(]|\s+(?:by|on|due|at|for|before|until|and|with|as|is|it|to|from|the|every|please|thanks))+$/i;
const danglingStart = /^(?:\s*[,;:\-–—)]|(?:to|and|then|also)\s)+/i;

function cleanTitle(raw: string): string {
  let title = raw.replace(/\s+/g, ' ').trim();
  for (let k = 0; k < 3; k++) {
    title = title.replace(danglingEnd, '').replace(danglingStart, '').trim();
  }
  title = title
    .replace(/\s+([,;:.!?])/g, '$1')
    .replace(/^["“'‘]+|["”'’]+$/g, '')
    .trim();
  return title;
}
