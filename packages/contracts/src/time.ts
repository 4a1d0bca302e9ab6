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

const formatters = new Map<string, Intl.DateTimeFormat>();

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

/** The wall-clock reading of `instant` in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): WallClock {
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
