import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp, type TestUser } from './helpers';

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  user = await signUp(t.app);
});
afterAll(() => t.close());

const pendingTitled = async (u: TestUser, title: string) => {
  const res = await u.request({ method: 'GET', url: '/api/tasks?status=pending&limit=100' });
  return (res.json().items as { title: string; dueAt: string; recurrence: string }[]).filter(
    (task) => task.title === title,
  );
};

describe('recurring tasks', () => {
  it('stores a normalised RRULE and refuses one that is not, naming the field', async () => {
    const ok = await user.request({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'Water plants', recurrence: 'rrule:freq=weekly;byday=mo' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().recurrence).toBe('FREQ=WEEKLY;BYDAY=MO');

    for (const recurrence of ['every monday', 'FREQ=HOURLY', 'BYDAY=MO', 'FREQ=DAILY;X=1']) {
      const bad = await user.request({
        method: 'POST',
        url: '/api/tasks',
        payload: { title: 'Bad rule', recurrence },
      });
      expect(bad.statusCode, recurrence).toBe(400);
      expect(bad.json().error.message).toMatch(/^recurrence must be an RFC 5545 recurrence rule/);
    }
  });

  it('creates the next occurrence when one is completed, once, and not again on re-completion', async () => {
    const created = await user.request({
      method: 'POST',
      url: '/api/tasks',
      // A Monday at 09:00 UTC, long past: the next one is the first Monday after now.
      payload: { title: 'Team sync', dueAt: '2026-01-05T09:00:00Z', recurrence: 'FREQ=WEEKLY' },
    });
    const task = created.json();
    const url = `/api/tasks/${task.id}`;
    const done = await user.request({ method: 'POST', url: `${url}/complete` });
    expect(done.json()).toMatchObject({ completed: true, recurrence: 'FREQ=WEEKLY' });

    const [next, ...more] = await pendingTitled(user, 'Team sync');
    expect(more).toEqual([]);
    expect(next!.recurrence).toBe('FREQ=WEEKLY');
    const due = new Date(next!.dueAt);
    expect(due.getUTCDay()).toBe(1);
    expect(due.getUTCHours()).toBe(9);
    expect(due.getTime()).toBeGreaterThan(Date.now());
    expect(due.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);

    // Completing the already completed task again does not create another occurrence.
    await user.request({ method: 'PATCH', url, payload: { completed: true } });
    expect(await pendingTitled(user, 'Team sync')).toHaveLength(1);
  });

  it('keeps a future due date as the base, so an early completion skips no occurrence', async () => {
    const inTwoDays = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    inTwoDays.setUTCMilliseconds(0);
    const created = await user.request({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'Rent', dueAt: inTwoDays.toISOString(), recurrence: 'FREQ=MONTHLY' },
    });
    await user.request({ method: 'POST', url: `/api/tasks/${created.json().id}/complete` });
    const [next] = await pendingTitled(user, 'Rent');
    const expected = new Date(inTwoDays);
    expected.setUTCMonth(expected.getUTCMonth() + 1);
    // rrule skips months without that day (the 31st); either way it is a month or more on.
    expect(new Date(next!.dueAt).getTime()).toBeGreaterThanOrEqual(expected.getTime());
    expect(new Date(next!.dueAt).getUTCDate()).toBe(inTwoDays.getUTCDate());
  });

  it('stops repeating when the recurrence is cleared', async () => {
    const created = await user.request({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'One-off now', recurrence: 'FREQ=DAILY' },
    });
    const url = `/api/tasks/${created.json().id}`;
    const cleared = await user.request({ method: 'PATCH', url, payload: { recurrence: null } });
    expect(cleared.json().recurrence).toBeNull();
    await user.request({ method: 'PATCH', url, payload: { completed: true } });
    expect(await pendingTitled(user, 'One-off now')).toEqual([]);
  });
});

describe('task counts', () => {
  it('counts each view for the caller only, with days in their time zone', async () => {
    const counter = await signUp(t.app);
    const other = await signUp(t.app);
    const now = Date.now();
    const add = (u: TestUser, payload: object) =>
      u.request({ method: 'POST', url: '/api/tasks', payload });
    await add(counter, {
      title: 'late',
      dueAt: new Date(now - 3 * 86400e3).toISOString(),
      tags: ['work'],
    });
    await add(counter, {
      title: 'in 3 days',
      dueAt: new Date(now + 3 * 86400e3).toISOString(),
      tags: ['work', 'home'],
    });
    await add(counter, { title: 'someday' });
    const done = await add(counter, { title: 'done', tags: ['home'] });
    await counter.request({ method: 'POST', url: `/api/tasks/${done.json().id}/complete` });
    await add(other, { title: 'not mine', tags: ['secret'] });

    const res = await counter.request({ method: 'GET', url: '/api/tasks/counts?tz=Europe/Paris' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      pending: 3,
      today: 0,
      upcoming: 1,
      overdue: 1,
      completed: 1,
      tags: [
        { tag: 'home', count: 1 },
        { tag: 'work', count: 2 },
      ],
    });
    const bad = await counter.request({ method: 'GET', url: '/api/tasks/counts?tz=Mars/Base' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/tz/);
  });
});

describe('recurring tasks from words', () => {
  it('makes a repeating task from the chat, and completing it by number brings the next one', async () => {
    const u = await signUp(t.app);
    const chat = (message: string) =>
      u.request({
        method: 'POST',
        url: '/api/chat',
        payload: { message, timeZone: 'Europe/Paris' },
      });
    const added = await chat('water the ferns every monday');
    expect(added.statusCode, added.body).toBe(200);
    const [fern] = await pendingTitled(u, 'Water the ferns');
    expect(fern?.recurrence).toBe('FREQ=WEEKLY;BYDAY=MO');
    // Due on a Monday in the user's zone (the end of that day when no time is given).
    const due = new Date(fern!.dueAt);
    expect(
      new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', weekday: 'short' }).format(due),
    ).toBe('Mon');

    const completed = await chat('done with water the ferns');
    expect(completed.statusCode, completed.body).toBe(200);
    const [next] = await pendingTitled(u, 'Water the ferns');
    expect(next?.recurrence).toBe('FREQ=WEEKLY;BYDAY=MO');
    expect(new Date(next!.dueAt).getTime() - due.getTime()).toBe(7 * 86_400_000);
  });
});
