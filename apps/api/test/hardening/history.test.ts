import { createConversationRepository } from '@todo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp, type TestUser } from '../helpers';

// Finding 13 of issue 18: one conversation of
// thousands of turns was answered whole (1.67 MB) and loaded whole for every turn.

let t: TestApp;
let user: TestUser;
let conversationId: string;
const TURNS = 150;

beforeAll(async () => {
  t = await startTestApp();
  user = await signUp(t.app);
  const first = await user.request({
    method: 'POST',
    url: '/api/chat',
    payload: { message: 'show my list' },
  });
  conversationId = first.json<{ conversationId: string }>().conversationId;
  // Many turns, written straight to the table: 300 chat requests would only be slower.
  const conversations = createConversationRepository(t.database.db);
  for (let i = 0; i < TURNS; i++) {
    await conversations.append(conversationId, [
      { role: 'user', content: `question ${i}` },
      { role: 'assistant', content: `answer ${i}` },
    ]);
  }
});
afterAll(() => t.close());

interface Page {
  messages: { id: number; content: string }[];
  olderBefore: number | null;
}

describe('conversation history is paged', () => {
  it('answers the latest messages, and pages back through all of them without gaps', async () => {
    const first = await user.request({
      method: 'GET',
      url: `/api/conversations/${conversationId}`,
    });
    expect(first.statusCode).toBe(200);
    const page = first.json<Page>();
    expect(page.messages).toHaveLength(100);
    expect(page.messages.at(-1)!.content).toBe(`answer ${TURNS - 1}`);
    expect(page.olderBefore).toBe(page.messages[0]!.id);

    const seen = [...page.messages];
    let before = page.olderBefore;
    while (before !== null) {
      const older = (
        await user.request({
          method: 'GET',
          url: `/api/conversations/${conversationId}?before=${before}&limit=70`,
        })
      ).json<Page>();
      expect(older.messages.length).toBeLessThanOrEqual(70);
      seen.unshift(...older.messages);
      before = older.olderBefore;
    }
    const ids = seen.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen).toHaveLength(2 + 2 * TURNS);
    expect(seen[0]!.content).toBe('show my list');
  });

  it('refuses a page size beyond the limit, naming the field', async () => {
    const res = await user.request({
      method: 'GET',
      url: `/api/conversations/${conversationId}?limit=1000`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('limit');
  });

  it('still continues a long conversation: the pending question of the last turn is kept', async () => {
    const add = (message: string) =>
      user.request({ method: 'POST', url: '/api/chat', payload: { conversationId, message } });
    await add('add call mom');
    await add('add call the plumber');
    const ask = (await add('delete the call task')).json<{ reply: string }>();
    expect(ask.reply).toMatch(/Which one/);
    const done = (await add('the second one')).json<{ toolCalls: { name: string }[] }>();
    expect(done.toolCalls.map((c) => c.name)).toEqual(['delete_task']);
  });
});
