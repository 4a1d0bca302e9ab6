import { describe, expect, it } from 'vitest';
import { startOfDay, wallClock, zonedInstant } from './time';

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
});
