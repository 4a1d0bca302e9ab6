import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, createTaskRepository, users, type DbHandle } from '../src';
import { startPostgres, type PostgresServer } from '../src/testing';

// Task numbers are per user, on real PostgreSQL (concurrency needs a real server).
let server: PostgresServer;
let handle: DbHandle;
beforeAll(async () => {
  server = await startPostgres();
  handle = await createDb({ databaseUrl: server.url });
  await handle.migrate();
});
afterAll(async () => {
  await handle?.close();
  await server?.destroy();
});

async function newUser(name: string) {
  const id = `${name}-${Math.random().toString(36).slice(2)}`;
  await handle.db.insert(users).values({ id, name, email: `${id}@example.com` });
  return id;
}

describe('task numbers', () => {
  it('start at 1 for every user, whatever other users have', async () => {
    const repo = createTaskRepository(handle.db);
    const a = await newUser('a');
    const b = await newUser('b');
    for (let i = 0; i < 3; i++) await repo.create(a, { title: `a${i}` });
    expect((await repo.create(b, { title: 'first of b' })).id).toBe(1);
    expect((await repo.create(a, { title: 'a3' })).id).toBe(4);
    // The number is what REST, MCP and the chat address a task by, and it is the user's own.
    expect((await repo.get(b, 1))!.title).toBe('first of b');
    expect((await repo.get(a, 1))!.title).toBe('a0');
  });

  it('are never reused after a delete, and concurrent creates get distinct numbers', async () => {
    const repo = createTaskRepository(handle.db);
    const u = await newUser('c');
    await repo.create(u, { title: 'one' });
    const two = await repo.create(u, { title: 'two' });
    await repo.remove(u, two.id);
    expect((await repo.create(u, { title: 'three' })).id).toBe(3);
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) => repo.create(u, { title: `p${i}` })),
    );
    expect(new Set(made.map((t) => t.id)).size).toBe(20);
    expect(Math.min(...made.map((t) => t.id))).toBe(4);
  });
});
