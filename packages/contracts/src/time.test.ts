import { describe, expect, it } from 'vitest';
import { TaskListQuery, TimeZone } from './tasks';
import {
  BoundedCache,
  canonicalTimeZone,
  startOfDay,
  timeZoneCacheSizes,
  wallClock,
  zonedInstant,
} from './time';

describe('time zone arithmetic', () => {
  it('finds the start of the local day', () => {
    const instant = new Date('2026-03-10T02:30:00Z');
    expect(startOfDay(instant, 'UTC').toISOString()).toBe('2026-03-10T00:00:00.000Z');
    // 02:30 UTC is still the 9th in New York (UTC-4 after the 8 March DST change).
    expect(startOfDay(instant, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDay(instant, 'Asia/Tokyo').toISOString()).toBe('2026-03-09T15:00:00.000Z');
    expect(startOfDay(instant, 'Asia/Tokyo', 1).toISOString()).toBe('2026-03-10T15:00:00.000Z');
  });

  it('crosses DST changes by calendar days, not 24-hour steps', () => {
    // Europe/Paris goes to summer time on 29 March 2026.
    const before = new Date('2026-03-28T12:00:00Z');
    expect(startOfDay(before, 'Europe/Paris', 1).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay(before, 'Europe/Paris', 2).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('reads the wall clock and builds instants from it', () => {
    const w = wallClock(new Date('2026-12-31T23:30:00Z'), 'Pacific/Auckland');
    expect(w).toMatchObject({ year: 2027, month: 1, day: 1, hour: 12, minute: 30, weekday: 5 });
    expect(zonedInstant('Europe/London', 2026, 12, 3, 17).toISOString()).toBe(
      '2026-12-03T17:00:00.000Z',
    );
    expect(zonedInstant('Europe/London', 2026, 7, 3, 17).toISOString()).toBe(
      '2026-07-03T16:00:00.000Z',
    );
    // Day overflow rolls into the next month.
    expect(zonedInstant('UTC', 2026, 1, 32).toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('reads UTC without Intl and repeated readings from its cache, as Intl would', () => {
    for (const iso of ['2026-12-31T23:59:59Z', '2024-02-29T00:00:00Z', '0001-01-01T05:06:07Z']) {
      const d = new Date(iso);
      // Etc/UTC is the same clock, read through Intl.
      expect(wallClock(d, 'UTC')).toEqual(wallClock(d, 'Etc/UTC'));
    }
    const d = new Date('2026-03-29T00:59:00Z');
    const first = wallClock(d, 'Europe/Paris');
    first.hour = 99; // a caller's copy: the cached reading stays as it was
    expect(wallClock(d, 'Europe/Paris')).toMatchObject({ day: 29, hour: 1, minute: 59 });
    expect(wallClock(new Date(d.getTime() + 60_000), 'Europe/Paris').hour).toBe(3);
  });
});

describe('time zone names (issue 18, finding 2)', () => {
  it('gives back the IANA spelling of any letter case or alias', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('EUROPE/PARIS')).toBe('Europe/Paris');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Not/AZone')).toBeUndefined();
    expect(canonicalTimeZone('Europe/Paris'.padEnd(65, 'x'))).toBeUndefined();
  });

  it('validates query zones into one name per zone', () => {
    const q = TaskListQuery.parse({ tz: 'aMeRiCa/NeW_yOrK' });
    expect(q.tz).toBe('America/New_York');
    const bad = TaskListQuery.safeParse({ tz: 'Mars/Olympus' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/IANA time zone/);
  });

  it('keeps its caches bounded whatever spellings arrive', () => {
    // 2^13 spellings of one zone: each is a valid name, and each used to be remembered.
    const name = 'Europe/London';
    const letters = [...name].map((c, i) => i).filter((i) => /[a-z]/i.test(name[i]!));
    for (let mask = 0; mask < 2 ** letters.length; mask++) {
      const spelled = [...name]
        .map((c, i) => {
          const bit = letters.indexOf(i);
          return bit >= 0 && mask & (1 << bit) ? c.toUpperCase() : c.toLowerCase();
        })
        .join('');
      const zone = TimeZone.parse(spelled);
      expect(zone).toBe('Europe/London');
      wallClock(new Date(0), zone);
    }
    const sizes = timeZoneCacheSizes();
    expect(sizes.canonical).toBeLessThanOrEqual(sizes.max);
    expect(sizes.formatters).toBeLessThanOrEqual(sizes.max);
  });
});

describe('BoundedCache', () => {
  it('forgets the oldest entry once full and keeps updates in place', () => {
    const c = new BoundedCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('a', 3);
    expect(c.size).toBe(2);
    c.set('c', 4);
    expect(c.size).toBe(2);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')).toBe(2);
    expect(c.get('c')).toBe(4);
  });
});
