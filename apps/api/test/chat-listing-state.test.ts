import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, signUp, startTestApp, type TestApp, type TestUser } from './helpers';

// A chat listing's count and the user's tags come from state the database keeps beside the
// tasks (task_tallies, user_tags): every way of writing tasks — REST, MCP, the chat itself —
// must show in the next listing at once.
let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

const say = async (user: TestUser, message: string) => {
  const res = await user.request({ method: 'POST', url: '/api/chat', payload: { message } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ reply: string }>().reply;
};

async function mcp(token: string) {
  const client = new Client({ name: 'todo-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

describe('chat listings after writes from REST, MCP and chat', () => {
  it('count what is there and know the tags now on the tasks', async () => {
    const user = await signUp(t.app);
    const client = await mcp(await createToken(user));
    const rest = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      user.request({ method, url, payload });

    expect(await say(user, 'how many tasks do i have')).toBe('You have 0 pending tasks.');

    // REST: a task tagged #garden; "for garden" reads as that tag once a task carries it.
    const created = (
      await rest('POST', '/api/tasks', { title: 'Plant tulips', tags: ['garden'] })
    ).json<{ id: number }>().id;
    expect(await say(user, 'how many tasks do i have')).toBe('You have 1 pending task.');
    expect(await say(user, "what's left for garden")).toMatch(/tagged #garden/);

    // MCP: another task, with #work; then completing the REST one.
    await client.callTool({
      name: 'add_task',
      arguments: { title: 'Send invoice', tags: ['work'] },
    });
    expect(await say(user, "what's left for work")).toMatch(
      /^You have 1 pending task tagged #work:/,
    );
    await client.callTool({ name: 'complete_task', arguments: { taskId: created } });
    expect(await say(user, 'how many tasks do i have')).toBe('You have 1 pending task.');
    expect(await say(user, 'how many completed tasks')).toBe('You have 1 completed task.');

    // The chat adds one with #home and a high priority one.
    await say(user, 'add water the plants #home');
    await say(user, 'add call the bank urgent');
    expect(await say(user, 'how many tasks do i have')).toBe('You have 3 pending tasks.');
    expect(await say(user, 'how many high priority tasks')).toBe(
      'You have 1 pending high-priority task.',
    );
    expect(await say(user, "what's left for home")).toMatch(/tagged #home/);

    // REST takes the tag off, then deletes; MCP changes a tag: no stale tag, no stale count.
    await rest('PATCH', `/api/tasks/${created}`, { tags: [] });
    expect(await say(user, "what's left for garden")).not.toMatch(/#garden/);
    await rest('DELETE', `/api/tasks/${created}`);
    expect(await say(user, 'how many completed tasks')).toBe('You have 0 completed tasks.');
    const work = (
      JSON.parse(
        (
          (await client.callTool({ name: 'list_tasks', arguments: { tag: 'work' } })) as {
            content: { text: string }[];
          }
        ).content[0]!.text,
      ) as { id: number }[]
    )[0]!.id;
    await client.callTool({ name: 'update_task', arguments: { taskId: work, tags: ['office'] } });
    expect(await say(user, "what's left for work")).not.toMatch(/#work/);
    expect(await say(user, "what's left for office")).toMatch(/tagged #office/);
    await client.close();
  });
});
