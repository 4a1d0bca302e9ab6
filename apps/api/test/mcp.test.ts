import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, signUp, startTestApp, type TestApp } from './helpers';

// The official MCP SDK client against the API over a real loopback socket.
let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

async function connect(token: string) {
  const client = new Client({ name: 'todo-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

const parse = (result: unknown) =>
  JSON.parse((result as { content: { type: string; text: string }[] }).content[0]!.text);

describe('MCP server', () => {
  it('lists the five task tools with schemas and descriptions', async () => {
    const client = await connect(await createToken(await signUp(t.app)));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'add_task',
      'complete_task',
      'delete_task',
      'list_tasks',
      'update_task',
    ]);
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(30);
      expect(tool.inputSchema.type).toBe('object');
    }
    const add = tools.find((tool) => tool.name === 'add_task')!;
    expect(add.inputSchema.required).toEqual(['title']);
    expect(tools.find((tool) => tool.name === 'delete_task')!.annotations?.destructiveHint).toBe(
      true,
    );
    expect(client.getServerVersion()?.name).toBe('todo-tasks');
    await client.close();
  });

  it('calls every tool for the token’s owner', async () => {
    const user = await signUp(t.app);
    const client = await connect(await createToken(user));

    const added = parse(
      await client.callTool({
        name: 'add_task',
        arguments: {
          title: 'From MCP',
          priority: 'high',
          tags: ['#Agent'],
          dueAt: '2026-12-03T17:00:00Z',
        },
      }),
    );
    expect(added).toMatchObject({ title: 'From MCP', priority: 'high', tags: ['agent'] });

    const listed = parse(
      await client.callTool({ name: 'list_tasks', arguments: { status: 'pending' } }),
    );
    expect(listed.map((x: { id: number }) => x.id)).toEqual([added.id]);

    const updated = parse(
      await client.callTool({
        name: 'update_task',
        arguments: { taskId: added.id, title: 'Renamed' },
      }),
    );
    expect(updated.title).toBe('Renamed');

    const completed = parse(
      await client.callTool({ name: 'complete_task', arguments: { taskId: added.id } }),
    );
    expect(completed.completed).toBe(true);

    const deleted = parse(
      await client.callTool({ name: 'delete_task', arguments: { taskId: added.id } }),
    );
    expect(deleted).toEqual({ deleted: true, taskId: added.id });

    // The REST API sees the same data.
    expect((await user.request({ method: 'GET', url: '/api/tasks' })).json().items).toEqual([]);
    await client.close();
  });

  it('reports bad arguments and missing tasks as tool errors', async () => {
    const client = await connect(await createToken(await signUp(t.app)));
    const missing = await client.callTool({ name: 'complete_task', arguments: { taskId: 999999 } });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toMatch(/not found/);
    const invalid = await client.callTool({ name: 'add_task', arguments: { title: '' } });
    expect(invalid.isError).toBe(true);
    await client.close();
  });

  it('keeps users apart', async () => {
    const alice = await signUp(t.app);
    const bob = await signUp(t.app);
    const aliceClient = await connect(await createToken(alice));
    const bobClient = await connect(await createToken(bob));
    const secret = parse(
      await aliceClient.callTool({ name: 'add_task', arguments: { title: 'secret' } }),
    );

    expect(parse(await bobClient.callTool({ name: 'list_tasks', arguments: {} }))).toEqual([]);
    for (const name of ['complete_task', 'delete_task']) {
      const res = await bobClient.callTool({ name, arguments: { taskId: secret.id } });
      expect(res.isError).toBe(true);
    }
    const hijack = await bobClient.callTool({
      name: 'update_task',
      arguments: { taskId: secret.id, title: 'mine' },
    });
    expect(hijack.isError).toBe(true);
    const still = (await alice.request({ method: 'GET', url: `/api/tasks/${secret.id}` })).json();
    expect(still).toMatchObject({ title: 'secret', completed: false });
    await aliceClient.close();
    await bobClient.close();
  });

  it('answers 401 without a token or with a revoked one', async () => {
    const bare = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expect(connect('todo_pat_revoked-or-made-up')).rejects.toThrow(/invalid or revoked/);
  });

  it('refuses GET and DELETE: the server is stateless', async () => {
    const token = await createToken(await signUp(t.app));
    const res = await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(405);
  });
});
