import { describe, expect, it } from 'vitest';
import { normaliseRecurrence, splitTags } from './task-rules';
import { TaskCreate, TaskListQuery, TaskTags, TaskUpdate } from './tasks';

describe('task contract', () => {
  it('normalises tags: trimmed, lower-case, without # and duplicates', () => {
    const parsed = TaskCreate.parse({ title: 'x', tags: [' #Work', 'work', 'HOME '] });
    expect(parsed.tags).toEqual(['work', 'home']);
  });

  it('splits typed tags on spaces and commas into the tags the API stores', () => {
    const typed = splitTags('Work, #home  work,,errands');
    expect(typed).toEqual(['work', 'home', 'errands']);
    expect(TaskTags.parse(typed)).toEqual(typed);
    expect(splitTags('  ')).toEqual([]);
  });

  it('turns a blank description into null and trims the title', () => {
    expect(TaskCreate.parse({ title: '  hi  ', description: '   ' })).toEqual({
      title: 'hi',
      description: null,
    });
  });

  it('rejects an empty patch and unknown fields', () => {
    expect(TaskUpdate.safeParse({}).success).toBe(false);
    expect(TaskUpdate.safeParse({ userId: 'someone' }).success).toBe(false);
    expect(TaskUpdate.safeParse({ completed: true }).success).toBe(true);
  });

  it('gives list queries their defaults and coerces numbers from the query string', () => {
    expect(TaskListQuery.parse({ limit: '20' })).toEqual({
      status: 'all',
      tz: 'UTC',
      sort: 'created',
      limit: 20,
    });
    expect(TaskListQuery.safeParse({ tz: 'Not/AZone' }).success).toBe(false);
  });
});

describe('recurrence rules', () => {
  it('normalises RFC 5545 rules and refuses anything else', () => {
    expect(normaliseRecurrence('rrule:freq=weekly;byday=mo,fr')).toBe('FREQ=WEEKLY;BYDAY=MO,FR');
    expect(normaliseRecurrence('FREQ=MONTHLY;BYDAY=-1FR')).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(normaliseRecurrence('FREQ=DAILY;UNTIL=20270101T000000Z')).toBe(
      'FREQ=DAILY;UNTIL=20270101T000000Z',
    );
    for (const bad of [
      'every monday',
      'BYDAY=MO',
      'FREQ=HOURLY',
      'FREQ=DAILY;FREQ=WEEKLY',
      'FREQ=DAILY;CONSTRUCTOR=1',
      'FREQ=DAILY;COUNT=2;UNTIL=20270101',
      'FREQ=WEEKLY;BYDAY=XX',
    ]) {
      expect(normaliseRecurrence(bad), bad).toBeNull();
    }
  });
});
