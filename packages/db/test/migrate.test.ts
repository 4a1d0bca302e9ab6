import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, createTaskRepository, queryRows, users, type DbHandle } from '../src';
import { startPostgres, type PostgresServer } from '../src/testing';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.destroy());

const tableNames = async (handle: DbHandle) =>
  (
    await queryRows<{ tablename: string }>(
      handle.db,
      sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    )
  ).map((r) => r.tablename);

const appliedMigrations = async (handle: DbHandle) =>
  (
    await queryRows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    )
  )[0]!.n;

describe('migrations', () => {
  it('are safe when several processes run them at once on PostgreSQL', async () => {
    const url = await server.createDatabase('concurrent');
    // Separate pools stand in for separate replicas starting together.
    const handles = await Promise.all(
      Array.from({ length: 4 }, () => createDb({ databaseUrl: url })),
    );
    try {
      await Promise.all(handles.map((h) => h.migrate()));
      expect(await tableNames(handles[0]!)).toEqual([
        'accounts',
        'api_tokens',
        'conversations',
        'messages',
        'sessions',
        'task_counters',
        'task_tallies',
        'tasks',
        'user_tags',
        'users',
        'verifications',
      ]);
      const applied = await appliedMigrations(handles[0]!);
      expect(applied).toBeGreaterThanOrEqual(1);
      // Running them again later is a no-op.
      await handles[1]!.migrate();
      expect(await appliedMigrations(handles[0]!)).toBe(applied);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });

  it('give PGlite the same schema, persisted under DATA_DIR across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-pglite-'));
    const first = await createDb({ dataDir });
    await first.migrate();
    expect(first.kind).toBe('pglite');
    await first.db.insert(users).values({ id: 'u1', name: 'U', email: 'u@example.com' });
    await createTaskRepository(first.db).create('u1', { title: 'survives a restart' });
    await first.close();

    const second = await createDb({ dataDir });
    await second.migrate();
    const page = await createTaskRepository(second.db).list('u1', {
      status: 'all',
      tz: 'UTC',
      sort: 'created',
      limit: 10,
    });
    expect(page.items.map((t) => t.title)).toEqual(['survives a restart']);
    await second.close();
  });
});
