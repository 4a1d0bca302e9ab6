import { timeZoneCacheSizes } from '@todo/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp, type TestUser } from '../helpers';

// Finding 2 of issue 18: every letter case of a zone name was a new valid zone, remembered
// for good (20,000 spellings raised RSS from 146 to 395 MB). Zone names are canonicalised at
// the edge, and the caches behind them are bounded.

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_MAX: '1000000' });
  user = await signUp(t.app);
});
afterAll(() => t?.close());

/** The `n`th spelling of `name` in letter case (bit i of n upper-cases letter i). */
function spelling(name: string, n: number): string {
  let bit = 0;
  return [...name]
    .map((c) => {
      if (!/[a-z]/i.test(c)) return c;
      return n & (1 << bit++) ? c.toUpperCase() : c.toLowerCase();
    })
    .join('');
}

describe('time zone names from users', () => {
  it('reads any spelling of a zone as that zone, in REST and in chat', async () => {
    const due = new Date(Date.now() + 3_600_000).toISOString();
    await user.request({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'zone', dueAt: due },
    });
    const list = async (tz: string) => {
      const r = await user.request({ method: 'GET', url: `/api/tasks?due=today&tz=${tz}` });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ items: { id: number }[] }>().items.map((i) => i.id);
    };
    expect(await list('aSiA/tOkYo')).toEqual(await list('Asia/Tokyo'));

    const chat = await user.request({
      method: 'POST',
      url: '/api/chat',
      payload: { message: 'what is due today?', timeZone: 'asia/TOKYO' },
    });
    expect(chat.statusCode, chat.body).toBe(200);
  });

  it('names the field for a zone that does not exist', async () => {
    const r = await user.request({ method: 'GET', url: '/api/tasks?due=today&tz=Mars/Olympus' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toMatch(/tz/);
    expect(r.body).toMatch(/IANA time zone/);
  });

  it('keeps the zone caches bounded after hundreds of spellings', async () => {
    for (let n = 0; n < 300; n++) {
      const tz = encodeURIComponent(spelling('America/Argentina/Buenos_Aires', n * 7919));
      const r = await user.request({ method: 'GET', url: `/api/tasks?due=today&tz=${tz}` });
      expect(r.statusCode).toBe(200);
    }
    const sizes = timeZoneCacheSizes();
    expect(sizes.canonical).toBeLessThanOrEqual(sizes.max);
    // Formatters are built per canonical zone only: a handful, not one per spelling.
    expect(sizes.formatters).toBeLessThan(10);
  });
});
