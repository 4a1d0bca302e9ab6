import { describe, expect, it } from 'vitest';
import { dueLabel, fromLocalInput, toLocalInput } from '../lib/due';

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
