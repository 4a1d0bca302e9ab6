/**
 * Calendar arithmetic in an IANA time zone with nothing but Intl: "today" for a user in
 * Tokyo is not "today" in UTC. Used by the due-date filters (db) and the chat's date parsing
 * (agent); it lives here, in the package both depend on, because the meaning of "due today"
 * is part of the contract.
 */

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

/**
 * A Map that forgets its oldest entry once it holds `max`: every cache keyed by user input
 * must be bounded, whatever the input (issue 18, finding 2).
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(readonly max: number) {}
  get size(): number {
    return this.#entries.size;
  }
  get(key: K): V | undefined {
    return this.#entries.get(key);
  }
  set(key: K, value: V): void {
    if (!this.#entries.has(key) && this.#entries.size >= this.max) {
      this.#entries.delete(this.#entries.keys().next().value as K);
    }
    this.#entries.set(key, value);
  }
}

// More than the IANA database's ~600 names and aliases, so canonical names never churn.
const TIME_ZONE_CACHE_MAX = 1024;
const canonicalZones = new BoundedCache<string, string>(TIME_ZONE_CACHE_MAX);

/**
 * The IANA database's own spelling of a zone name, or undefined when it is not one. Intl
 * accepts any letter case and old aliases ("europe/paris", "US/Eastern"); caches and
 * comparisons downstream must see one name per zone, so inputs are canonicalised first.
 */
export function canonicalTimeZone(name: string): string | undefined {
  const known = canonicalZones.get(name);
  if (known) return known;
  // Zone names are short ("America/Argentina/ComodRivadavia" is 32): refuse long input unread.
  if (name.length === 0 || name.length > 64) return undefined;
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions()
      .timeZone;
    canonicalZones.set(name, canonical);
    return canonical;
  } catch {
    return undefined;
  }
}

const formatters = new BoundedCache<string, Intl.DateTimeFormat>(TIME_ZONE_CACHE_MAX);

/** How many entries the zone caches hold: for tests and diagnostics. */
export function timeZoneCacheSizes(): { canonical: number; formatters: number; max: number } {
  return { canonical: canonicalZones.size, formatters: formatters.size, max: TIME_ZONE_CACHE_MAX };
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// Readings by zone and instant: a chat reply formats the same few instants (now, midnights,
// due dates) several times per task, and Intl's formatToParts was a tenth of a chat turn's CPU.
const readings = new BoundedCache<string, WallClock>(4096);

/** The wall-clock reading of `instant` in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const ms = instant.getTime();
  if (timeZone === 'UTC' && Number.isFinite(ms)) {
    return {
      year: instant.getUTCFullYear(),
      month: instant.getUTCMonth() + 1,
      day: instant.getUTCDate(),
      hour: instant.getUTCHours(),
      minute: instant.getUTCMinutes(),
      second: instant.getUTCSeconds(),
      weekday: instant.getUTCDay(),
    };
  }
  const key = `${ms} ${timeZone}`;
  const known = readings.get(key);
  if (known) return { ...known };
  const reading = readWallClock(instant, timeZone);
  readings.set(key, reading);
  return { ...reading };
}

function readWallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays.indexOf(parts.weekday ?? 'Sun'),
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (east positive). */
function offsetMs(instant: number, timeZone: string): number {
  const w = wallClock(new Date(instant), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads the given local time. Month and
 * day may overflow (day 32 is the next month), as with Date.UTC. In a DST gap the later
 * valid instant is returned.
 */
export function zonedInstant(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  let guess = naive - offsetMs(naive, timeZone);
  // A second pass settles instants near a DST change.
  guess = naive - offsetMs(guess, timeZone);
  return new Date(guess);
}

/** Midnight at the start of the day `instant` falls on in `timeZone`, plus `addDays` days. */
export function startOfDay(instant: Date, timeZone: string, addDays = 0): Date {
  const w = wallClock(instant, timeZone);
  return zonedInstant(timeZone, w.year, w.month, w.day + addDays);
}
