import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createToken, openTestDatabase, signUp, testConfig, type TestUser } from '../helpers';
import type { DbHandle } from '@todo/db';

// Findings 5 and 12 of issue 18: MCP replies and logs carried SQL, its parameters (user ids,
// titles, token hashes) and flooded the error level with "Invalid origin".

let database: DbHandle;
let app: FastifyInstance;
let user: TestUser;
let bearer: string;
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), {
    database,
    logStream: { write: (line) => lines.push(line) },
  });
  user = await signUp(app);
  bearer = await createToken(user);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function callTool(name: string, args: unknown) {
  const res = await app.inject({
    method: 'POST',
    url: '/mcp',
    headers: { authorization: `Bearer ${bearer}`, accept: 'application/json, text/event-stream' },
    payload: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name, arguments: args } },
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ result: { isError?: boolean; content: { text: string }[] } }>().result;
}

const SQL_WORDS = /Failed query|insert into|select |params:|"tasks"/i;

describe('MCP errors (finding 5)', () => {
  it('names the bad argument, not the SQL, for a NUL byte or year 0000', async () => {
    for (const args of [
      { title: 'buy\u0000milk' },
      { title: 'old', dueAt: '0000-01-01T00:00:00Z' },
      { title: 'x', tags: ['\u0000'] },
    ]) {
      const result = await callTool('add_task', args);
      expect(result.isError).toBe(true);
      expect(result.content[0]!.text).toMatch(/title|dueAt|tags/);
      expect(result.content[0]!.text).not.toMatch(SQL_WORDS);
    }
    const listed = await callTool('list_tasks', { q: '\u0000' });
    expect(listed.isError).toBe(true);
    expect(listed.content[0]!.text).not.toMatch(SQL_WORDS);
  });
});

describe('when the database fails a query', () => {
  it('answers without SQL and logs the error kind and request id, not the data', async () => {
    lines.length = 0;
    await database.db.execute(sql`ALTER TABLE tasks RENAME TO tasks_away`);
    try {
      const rest = await app.inject({
        method: 'GET',
        url: `/api/tasks?q=${encodeURIComponent('secret title words')}`,
        headers: { authorization: `Bearer ${bearer}`, 'x-request-id': 'leak-check-1' },
      });
      expect(rest.statusCode).toBe(500);
      expect(rest.body).not.toMatch(SQL_WORDS);
      const mcp = await callTool('add_task', { title: 'another secret title' });
      expect(mcp.isError).toBe(true);
      expect(mcp.content[0]!.text).not.toMatch(SQL_WORDS);
      expect(mcp.content[0]!.text).not.toContain('another secret title');
    } finally {
      await database.db.execute(sql`ALTER TABLE tasks_away RENAME TO tasks`);
    }
    const log = lines.join('');
    for (const secret of [
      user.userId,
      'secret title words',
      'another secret title',
      'tasks_away',
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/Failed query|select /i);
    const failure = logged().find((l) => l.reqId === 'leak-check-1' && l.level === 50);
    expect(failure).toMatchObject({ msg: 'request failed', kind: expect.any(String) });
  });
});

describe('log levels (finding 12)', () => {
  it('does not log a refused cross-site sign-in at error level', async () => {
    lines.length = 0;
    for (let i = 0; i < 3; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin: 'https://evil.example', 'sec-fetch-mode': 'cors', cookie: user.cookie },
        payload: { email: user.email, password: 'whatever it is' },
      });
    }
    const errors = logged().filter((l) => (l.level as number) >= 50);
    expect(errors).toEqual([]);
  });
});
