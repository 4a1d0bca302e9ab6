import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatClient, parseSse, useFakeModelApp, type SseEvent } from './fakes/model-app';
import { APP_ORIGIN, signUp, type TestUser } from './helpers';

// The chat's server-sent events with a FAKE model that streams (issue 16): the model's tokens
// reach the client as they are generated.
const llm = useFakeModelApp();
let user: TestUser;
let base: string;
beforeAll(async () => {
  base = await llm.t.app.listen({ port: 0, host: '127.0.0.1' });
});
beforeEach(async () => {
  llm.fake.requests.length = 0;
  user = await signUp(llm.t.app);
});
const { stream, tasks } = chatClient(() => user);
const textOf = (events: SseEvent[]) =>
  events
    .filter((e) => e.event === 'text')
    .map((e) => e.data.text)
    .join('');

/** Reads server-sent events from a real socket, one at a time, as a browser does. */
async function openStream(message: string) {
  const res = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      origin: APP_ORIGIN,
      cookie: user.cookie,
    },
    body: JSON.stringify({ message }),
  });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const received: SseEvent[] = [];
  return {
    received,
    /** Reads until `until` holds for what was received (or the stream ends). */
    async readUntil(until: (events: SseEvent[]) => boolean) {
      while (!until(received)) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop()!;
        received.push(...parseSse(blocks.join('\n\n')));
      }
    },
  };
}

describe('the model streams its reply to the client', () => {
  it('text deltas arrive while the model is still generating', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    llm.fake.script([
      {
        content: 'Here is the plan: first the milk, then the bread.',
        holdAfter: 3,
        release: gate,
      },
    ]);
    const chat = await openStream('what should I do first');
    // The fake holds its stream open after three words until the test releases it: the client
    // has them already, and nothing else.
    await chat.readUntil((events) => textOf(events) === 'Here is the');
    expect(chat.received.map((e) => e.event)).toEqual(['text', 'text', 'text']);
    release();
    await chat.readUntil((events) => events.some((e) => e.event === 'done'));
    expect(textOf(chat.received)).toBe('Here is the plan: first the milk, then the bread.');
    expect(chat.received.at(-1)!.data.reply).toBe(
      'Here is the plan: first the milk, then the bread.',
    );
    expect(llm.fake.requests[0]!.body.stream).toBe(true);
  });

  it('sends each tool call as it runs, the text as it comes, then the full answer', async () => {
    llm.fake.script([
      { toolCalls: [{ name: 'add_task', arguments: { title: 'Streamed task' } }] },
      { content: 'Added **Streamed task**.' },
    ]);
    const events = await stream('add streamed task');
    expect(events[0]).toMatchObject({
      event: 'tool',
      data: { name: 'add_task', result: { title: 'Streamed task' } },
    });
    expect(events.slice(1, -1).every((e) => e.event === 'text')).toBe(true);
    expect(events.length).toBeGreaterThan(3);
    expect(textOf(events)).toBe('Added **Streamed task**.');
    expect(events.at(-1)).toMatchObject({
      event: 'done',
      data: { reply: 'Added **Streamed task**.', toolCalls: [{ name: 'add_task' }] },
    });
    expect((await tasks()).map((x) => x.title)).toEqual(['Streamed task']);
  });

  it('a streamed tool call is judged whole by the safety rules before it runs', async () => {
    const milk = await user.request({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'Buy milk' },
    });
    // The model streams a delete in fragments on a read-only request.
    llm.fake.script([
      { toolCalls: [{ name: 'delete_task', arguments: { taskId: milk.json().id } }] },
      { content: 'Here is your list.' },
    ]);
    const events = await stream('show my list');
    expect(events.filter((e) => e.event === 'tool')).toEqual([]);
    const refusal = llm.fake.requests[1]!.body.messages.find((m) => m.role === 'tool')!;
    expect(JSON.parse(refusal.content!).error).toMatch(/Refused: the user asked to see tasks/);
    expect((await tasks()).map((x) => x.title)).toEqual(['Buy milk']);
  });

  it('the offline engine answers on the same protocol', async () => {
    await user.request({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'a', tags: ['home'] },
    });
    const events = await stream('delete all my home tasks');
    expect(events.map((e) => e.event)).toEqual(['text', 'done']);
    expect(events[1]!.data.reply).toMatch(/Are you sure/);
  });

  // Last: the provider is then remembered as one that does not stream.
  it('asks again without streaming when the provider refuses `stream`', async () => {
    llm.fake.script(() => ({ content: 'Whole answer.', refuseStream: true }));
    const events = await stream('hello there');
    expect(llm.fake.requests.map((r) => r.body.stream ?? false)).toEqual([true, false]);
    expect(textOf(events)).toBe('Whole answer.');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { reply: 'Whole answer.' } });
  });
});
