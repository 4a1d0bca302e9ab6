import { describe, expect, it } from 'vitest';
import { dayOf, dueLabel, fromLocalInput, pastDueWarning, toLocalInput } from '../lib/due';

describe('due labels', () => {
  const now = new Date(2026, 10, 26, 10, 0); // local time, 26 Nov 2026 10:00

  it('says overdue in words, not only colour', () => {
    expect(dueLabel(new Date(2026, 10, 25, 9, 0).toISOString(), false, now)).toMatchObject({
      tone: 'overdue',
      text: expect.stringMatching(/^Overdue/),
    });
    // A completed task is never overdue.
    expect(dueLabel(new Date(2026, 10, 25, 9, 0).toISOString(), true, now)?.tone).not.toBe(
      'overdue',
    );
  });

  it('tells today and tomorrow apart, hiding the 23:59 end-of-day time', () => {
    expect(dueLabel(new Date(2026, 10, 26, 23, 59).toISOString(), false, now)).toEqual({
      text: 'Due today',
      tone: 'today',
    });
    expect(dueLabel(new Date(2026, 10, 27, 17, 0).toISOString(), false, now)).toMatchObject({
      text: expect.stringMatching(/^Due tomorrow .*5/),
      tone: 'soon',
    });
    expect(dueLabel(new Date(2026, 11, 3).toISOString(), false, now)?.tone).toBe('later');
    expect(dueLabel(null, false, now)).toBeNull();
  });

  it('round-trips datetime-local values', () => {
    const iso = new Date(2026, 11, 3, 17, 30).toISOString();
    expect(toLocalInput(iso)).toBe('2026-12-03T17:30');
    expect(fromLocalInput('2026-12-03T17:30')).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
  });
});

describe('dates in other years and in the past', () => {
  const now = new Date(2026, 10, 26, 10, 0);

  it('shows the year when it is not this year', () => {
    expect(dueLabel(new Date(2020, 0, 1, 9, 0).toISOString(), false, now)?.text).toMatch(
      /^Overdue · .*2020/,
    );
    expect(dueLabel(new Date(2027, 0, 8, 9, 0).toISOString(), false, now)?.text).toMatch(/2027/);
    expect(dueLabel(new Date(2026, 11, 8, 9, 0).toISOString(), false, now)?.text).not.toMatch(
      /2026/,
    );
  });

  it('warns about a due date that has passed, and not about a future one', () => {
    expect(pastDueWarning('2020-01-01T09:00', now)).toMatch(/2020 is in the past/);
    expect(pastDueWarning('2026-12-01T09:00', now)).toBeNull();
    expect(pastDueWarning('', now)).toBeNull();
  });

  it('groups by local day with today and tomorrow named', () => {
    expect(dayOf(new Date(2026, 10, 26, 18, 0).toISOString(), now).heading).toMatch(/^Today · /);
    expect(dayOf(new Date(2026, 10, 27, 1, 0).toISOString(), now)).toMatchObject({
      key: '2026-11-27',
      heading: expect.stringMatching(/^Tomorrow · /),
    });
  });
});
