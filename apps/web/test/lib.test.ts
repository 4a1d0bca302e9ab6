import { describe, expect, it } from 'vitest';
import { listQuery, listStateSearch, parseListState } from '../components/tasks/views';
import { nearLimit, tagsProblem, titleProblem } from '../lib/limits';
import { humanMessage } from '../lib/messages';
import { describeRecurrence, repeatPresets } from '../lib/recurrence';

describe('error messages for people', () => {
  it('rewords the API’s field paths', () => {
    expect(humanMessage('tags.0 must be at most 32 characters')).toBe(
      'Each tag can be at most 32 characters.',
    );
    expect(humanMessage('title must be at most 200 characters')).toBe(
      'The title can be at most 200 characters.',
    );
    expect(humanMessage('recurrence must be an RFC 5545 recurrence rule, e.g. FREQ=WEEKLY')).toBe(
      'The repeat rule must be an RFC 5545 recurrence rule, e.g. FREQ=WEEKLY.',
    );
    expect(humanMessage('Cannot reach the server. Check your connection and try again.')).toBe(
      'Cannot reach the server. Check your connection and try again.',
    );
  });
});

describe('limits said before they bite', () => {
  it('names the limit and the length', () => {
    expect(titleProblem('x'.repeat(500))).toMatch(/up to 200 characters; this one has 500/);
    expect(titleProblem('x'.repeat(200))).toBeNull();
    expect(tagsProblem('a, b')).toBeNull();
    expect(tagsProblem('t'.repeat(33))).toMatch(/Each tag can be up to 32/);
    expect(tagsProblem('a b c d e f g h i j k')).toMatch(/up to 10 tags; this has 11/);
    expect(nearLimit(150, 200)).toBeNull();
    expect(nearLimit(160, 200)).toBe('160 / 200');
  });
});

describe('repeat rules', () => {
  it('offers presets for the due date and describes rules in words', () => {
    const monday1st = new Date(2026, 5, 1, 9, 0); // Mon 1 June 2026
    const presets = repeatPresets(monday1st).map((p) => [p.value, p.label]);
    expect(presets).toContainEqual(['FREQ=WEEKLY;BYDAY=MO', 'Every week on Monday']);
    expect(presets).toContainEqual(['FREQ=MONTHLY;BYMONTHDAY=1', 'Every month on the 1st']);
    expect(presets).toContainEqual(['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'Every weekday']);
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=MO')).toBe('Every Monday');
    expect(describeRecurrence('FREQ=WEEKLY;INTERVAL=2')).toBe('Every 2 weeks');
    expect(describeRecurrence('FREQ=MONTHLY;BYMONTHDAY=22')).toBe('Every month on the 22nd');
    expect(describeRecurrence('FREQ=MONTHLY;BYMONTHDAY=11')).toBe('Every month on the 11th');
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')).toBe('Every weekday');
    expect(describeRecurrence('FREQ=MONTHLY;BYDAY=1MO')).toBe('Repeats (FREQ=MONTHLY;BYDAY=1MO)');
  });
});

describe('the list state in the URL', () => {
  it('round-trips, leaves defaults out and ignores unknown values', () => {
    const state = parseListState(new URLSearchParams('view=upcoming&tag=work&sort=title&q=milk'));
    expect(state).toEqual({
      view: 'upcoming',
      tag: 'work',
      priority: '',
      sort: 'title',
      q: 'milk',
    });
    expect(listStateSearch(state)).toBe('?view=upcoming&tag=work&sort=title&q=milk');
    expect(listStateSearch(parseListState(new URLSearchParams('view=bogus&sort=x')))).toBe('');
  });

  it('asks the API for what each view shows', () => {
    const q = (search: string) =>
      Object.fromEntries(listQuery(parseListState(new URLSearchParams(search)), 'Europe/Paris'));
    expect(q('')).toEqual({ status: 'pending', sort: 'created', limit: '50' });
    expect(q('view=upcoming')).toMatchObject({ due: 'week', sort: 'due', tz: 'Europe/Paris' });
    expect(q('view=overdue')).toMatchObject({ status: 'pending', due: 'overdue' });
    expect(q('view=completed&tag=home')).toMatchObject({ status: 'completed', tag: 'home' });
  });
});
