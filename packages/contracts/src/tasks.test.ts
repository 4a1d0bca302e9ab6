import { describe, expect, it } from 'vitest';
import { TaskCreate, TaskListQuery, TaskUpdate } from './tasks';

describe('task contract', () => {
  it('normalises tags: trimmed, lower-case, without # and duplicates', () => {
    const parsed = TaskCreate.parse({ title: 'x', tags: [' #Work', 'work', 'HOME '] });
    expect(parsed.tags).toEqual(['work', 'home']);
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
