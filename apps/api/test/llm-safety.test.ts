import { beforeEach, describe, expect, it } from 'vitest';
import { chatClient, useFakeModelApp } from './fakes/model-app';
import { signUp, type TestUser } from './helpers';

// The safety rules on the LLM path: a FAKE OpenAI-compatible server proposes the forbidden call.
const llm = useFakeModelApp();
let user: TestUser;

type T = { id: number; title: string; tags: string[]; priority: string; completed: boolean };
let milk: T;
let report: T;
let plumber: T;
beforeEach(async () => {
  llm.fake.requests.length = 0;
  user = await signUp(llm.t.app);
  const add = async (payload: Record<string, unknown>) =>
    (await user.request({ method: 'POST', url: '/api/tasks', payload })).json() as T;
  milk = await add({ title: 'Buy milk', tags: ['home'] });
  report = await add({ title: 'Write report', tags: ['work'] });
  plumber = await add({ title: 'Call plumber', tags: ['home'] });
});

const { chat, tasks } = chatClient(() => user);
const titles = async () => (await tasks()).map((x) => x.title).sort();

describe('a model cannot do what the user did not ask', () => {
  it('removing a tag never deletes the task, even when the model calls delete_task', async () => {
    llm.fake.script([
      { toolCalls: [{ name: 'delete_task', arguments: { taskId: milk.id } }] },
      { content: 'Removed.' },
    ]);
    const res = await chat('remove the tag home from buy milk');
    expect(res.toolCalls).toEqual([]);
    const refusal = llm.fake.requests.at(-1)!.body.messages.find((m) => m.role === 'tool')!;
    expect(JSON.parse(refusal.content!).error).toMatch(/Refused/);
    expect(await titles()).toEqual(['Buy milk', 'Call plumber', 'Write report']);
  });

  it('a priority change never creates or deletes a task', async () => {
    llm.fake.script([
      {
        toolCalls: [
          { name: 'add_task', arguments: { title: 'Buy milk (urgent)' } },
          { name: 'delete_task', arguments: { taskId: milk.id } },
          { name: 'update_task', arguments: { taskId: milk.id, priority: 'high' } },
        ],
      },
      { content: 'Done.' },
    ]);
    await chat('make buy milk high priority');
    const after = await tasks();
    expect(after.map((x) => x.title).sort()).toEqual(['Buy milk', 'Call plumber', 'Write report']);
    expect(after.find((x) => x.id === milk.id)!.priority).toBe('high');
  });

  it('a read-only request allows no writes (issue 18, item 7)', async () => {
    llm.fake.script([
      {
        toolCalls: [milk, report, plumber].map((x) => ({
          name: 'update_task',
          arguments: { taskId: x.id, title: 'pwned', tags: [], completed: true },
        })),
      },
      { content: 'Here is your list.' },
    ]);
    await chat('show my list');
    expect(await titles()).toEqual(['Buy milk', 'Call plumber', 'Write report']);
    expect((await tasks()).every((x) => !x.completed)).toBe(true);
  });

  it('a turn makes at most 20 writes (issue 18, item 7)', async () => {
    llm.fake.script([
      {
        toolCalls: Array.from({ length: 40 }, (_, i) => ({
          name: 'add_task',
          arguments: { title: `spam ${i}` },
        })),
      },
      { content: 'Added.' },
    ]);
    await chat('add spam');
    expect((await tasks()).length).toBe(3 + 20);
  });

  it('"get rid of all my tasks" never reaches the model: it previews and waits for a yes', async () => {
    llm.fake.script([{ toolCalls: [{ name: 'delete_task', arguments: { taskId: milk.id } }] }]);
    const first = await chat('get rid of all my tasks');
    expect(llm.fake.requests).toHaveLength(0);
    expect(first.reply).toMatch(/Are you sure/);
    expect(await titles()).toHaveLength(3);
    await chat('no', first.conversationId);
    expect(await titles()).toHaveLength(3);
  });

  it('a confirmed bulk delete of one tag deletes exactly that tag’s tasks', async () => {
    const first = await chat('delete all my home tasks');
    expect(first.reply).toMatch(/Are you sure/);
    expect(first.reply).toMatch(/Buy milk/);
    expect(first.reply).not.toMatch(/Write report/);
    await chat('yes', first.conversationId);
    expect(await titles()).toEqual(['Write report']);
  });

  it('a model may delete one task per message, only when the user asked', async () => {
    llm.fake.script([
      {
        toolCalls: [
          { name: 'delete_task', arguments: { taskId: milk.id } },
          { name: 'delete_task', arguments: { taskId: plumber.id } },
        ],
      },
      { content: 'Deleted.' },
    ]);
    await chat('delete buy milk');
    expect(await titles()).toEqual(['Call plumber', 'Write report']);
  });

  it('malformed model replies fall back to the offline engine (issue 18, item 9)', async () => {
    for (const broken of [
      { content: 42 },
      { tool_calls: { name: 'add_task' } },
      { tool_calls: [null] },
      {
        tool_calls: [
          { id: 'x', type: 'function', function: { name: 'add\u0000task', arguments: '{}' } },
        ],
      },
    ]) {
      llm.fake.script(() => ({ raw: broken }) as never);
      const res = await chat('add buy bread');
      expect(res.reply).toMatch(/built-in assistant answered/);
    }
    expect((await titles()).filter((x) => x === 'Buy bread')).toHaveLength(4);
  });

  it('undo in chat reverses the last change, a delete included', async () => {
    llm.fake.script([
      { toolCalls: [{ name: 'delete_task', arguments: { taskId: milk.id } }] },
      { content: 'Deleted.' },
    ]);
    const first = await chat('delete buy milk');
    expect(await titles()).toEqual(['Call plumber', 'Write report']);
    llm.fake.script([{ content: 'I cannot undo.' }]);
    await chat('undo', first.conversationId);
    expect(await titles()).toEqual(['Buy milk', 'Call plumber', 'Write report']);
    // …under its own number, as REST, MCP and the chat know it.
    expect((await tasks()).find((x) => x.title === 'Buy milk')?.id).toBe(milk.id);
  });
});
