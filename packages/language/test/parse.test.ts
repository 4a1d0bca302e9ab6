import { describe, expect, it } from 'vitest';
import {
  attributeChangeRequest,
  bulkDeleteRequested,
  closestWord,
  commandWords,
  deleteRequested,
  parseTaskText,
  readOnlyRequest,
} from '../src/index';

// Thursday 26 November 2026, 10:00 UTC.
const now = new Date('2026-11-26T10:00:00Z');
const parse = (text: string, timeZone = 'UTC') => parseTaskText(text, { now, timeZone });

describe('parseTaskText', () => {
  it('reads the quick-add example, with spans that point at the words', () => {
    const text = 'buy stamps tomorrow 5pm #errands !high';
    const p = parse(text);
    expect(p).toMatchObject({
      title: 'buy stamps',
      dueAt: '2026-11-27T17:00:00.000Z',
      dueHasTime: true,
      tags: ['errands'],
      priority: 'high',
    });
    expect(p.spans.map((s) => [s.kind, text.slice(s.start, s.end)])).toEqual([
      ['date', 'tomorrow'],
      ['time', '5pm'],
      ['tag', '#errands'],
      ['priority', '!high'],
    ]);
  });

  it('gives a date its part of day, and settles a bare hour by it', () => {
    expect(parse('call the bank monday morning')).toMatchObject({
      title: 'call the bank',
      dueAt: '2026-11-30T09:00:00.000Z',
    });
    expect(parse('book a table for saturday night').dueAt).toBe('2026-11-28T20:00:00.000Z');
    expect(parse('call mom in the evening').dueAt).toBe('2026-11-26T19:00:00.000Z');
    expect(parse('take out recycling tonight at 9').dueAt).toBe('2026-11-26T21:00:00.000Z');
    expect(parse('run tomorrow morning at 7').dueAt).toBe('2026-11-27T07:00:00.000Z');
    // A plain bare hour keeps the working-day reading.
    expect(parse('call the bank at 5').dueAt).toBe('2026-11-26T17:00:00.000Z');
  });

  it('emits RFC 5545 rules for repetition', () => {
    expect(parse('gym every monday').recurrence).toBe('FREQ=WEEKLY;BYDAY=MO');
    expect(parse('water plants every 2 weeks').recurrence).toBe('FREQ=WEEKLY;INTERVAL=2');
    expect(parse('pay rent every month on the 1st').recurrence).toBe('FREQ=MONTHLY;BYMONTHDAY=1');
    expect(parse('standup every weekday').recurrence).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
    expect(parse('backup daily').recurrence).toBe('FREQ=DAILY');
  });

  it('reads 12/3 as month/day, 25/12 as day/month, and a bare hour as the working-day one', () => {
    expect(parse('x 12/3').dueAt).toBe('2026-12-03T23:59:00.000Z');
    expect(parse('x 25/12').dueAt).toBe('2026-12-25T23:59:00.000Z');
    expect(parse('x at 5').dueAt).toBe('2026-11-26T17:00:00.000Z');
    expect(parse('x at 9').dueAt).toBe('2026-11-27T09:00:00.000Z');
  });

  it('reads dates in the user’s IANA zone', () => {
    // 19:00 in Tokyo already: "tomorrow at 9am" is Friday 27 there.
    expect(parse('call tomorrow at 9am', 'Asia/Tokyo').dueAt).toBe('2026-11-27T00:00:00.000Z');
  });

  it('leaves numbers that are not times in the title', () => {
    expect(parse('buy 2 cartons of milk')).toMatchObject({
      title: 'buy 2 cartons of milk',
      dueHasTime: false,
    });
  });
});

describe('typo tolerance', () => {
  it('corrects command words within the budget, and never guesses between two', () => {
    expect(closestWord('compelte', commandWords)).toBe('complete');
    expect(closestWord('shwo', commandWords)).toBe('show');
    expect(closestWord('shop', commandWords)).toBeNull();
  });

  it('leaves ordinary words one typo from a date word as typed', () => {
    expect(parse('laundry is not done actually').recurrence).toBeUndefined();
    expect(parse('buy dairy free milk')).toMatchObject({ title: 'buy dairy free milk' });
    expect(parse('buy dairy free milk').recurrence).toBeUndefined();
    expect(parse('pick up eight boxes').dueAt).toBeUndefined();
  });

  it('reads an item opening with "label" as a task, not a tag', () => {
    expect(parse('label boxes')).toMatchObject({ title: 'label boxes', tags: [] });
    expect(parse('pack boxes label it moving').tags).toEqual(['moving']);
  });
});

describe('the request rules shared by both engines', () => {
  it('knows a deletion from an attribute removal, an errand and a quoted title', () => {
    expect(deleteRequested('delete the milk task')).toBe(true);
    expect(deleteRequested('remove the tag home from milk')).toBe(false);
    expect(deleteRequested('remind me to cancel netflix')).toBe(false);
    expect(deleteRequested('add "delete old files"')).toBe(false);
    expect(deleteRequested('drop off the parcel')).toBe(false);
    expect(deleteRequested('delte milk')).toBe(false);
    expect(bulkDeleteRequested('get rid of all my tasks')).toBe(true);
    expect(bulkDeleteRequested('delete task 3')).toBe(false);
  });

  it('never reads an attribute named before from/off as a deletion', () => {
    for (const m of [
      'remove finance tag from taxes',
      'delete the work label from the report',
      'drop the home tag off milk',
    ]) {
      expect(deleteRequested(m), m).toBe(false);
      expect(attributeChangeRequest(m), m).toBe(true);
    }
    expect(attributeChangeRequest('take the home tag off milk')).toBe(true);
    expect(deleteRequested('remove the milk task')).toBe(true);
    expect(deleteRequested('gotta cancel the gym membership')).toBe(false);
    expect(readOnlyRequest('how many are done')).toBe(true);
    // "schedule" is a word of its own, not a misspelt "reschedule".
    expect(closestWord('schedule', commandWords)).toBe('schedule');
  });

  it('knows read-only questions and attribute changes', () => {
    expect(readOnlyRequest("what's on my list?")).toBe(true);
    expect(readOnlyRequest('show my list')).toBe(true);
    expect(readOnlyRequest('check off milk')).toBe(false);
    expect(attributeChangeRequest('make milk high priority')).toBe(true);
    expect(attributeChangeRequest('add milk')).toBe(false);
  });
});
