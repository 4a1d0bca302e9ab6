import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb, queryRows, type DbHandle } from '../src';
import { startPostgres, type PostgresServer } from '../src/testing';

// Records when PGlite's module is first evaluated, and is the real PGlite from then on.
const pglite = vi.hoisted(() => ({ loaded: false }));
vi.mock('@electric-sql/pglite', async (importOriginal) => {
  pglite.loaded = true;
  return importOriginal();
});

// No ping(): its 2 s limit is for production; PGlite's start takes longer on a loaded machine.
const answer = async (handle: DbHandle) =>
  (await queryRows<{ one: number }>(handle.db, sql`SELECT 1 AS one`))[0]?.one;

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.destroy());

describe('createDb', () => {
  it('opens PostgreSQL without loading PGlite, and loads it only for the embedded database', async () => {
    const postgres = await createDb({ databaseUrl: server.url });
    try {
      expect(await answer(postgres)).toBe(1);
      expect(postgres.kind).toBe('postgres');
    } finally {
      await postgres.close();
    }
    expect(pglite.loaded).toBe(false);

    const embedded = await createDb({ dataDir: 'memory://' });
    try {
      expect(await answer(embedded)).toBe(1);
      expect(embedded.kind).toBe('pglite');
    } finally {
      await embedded.close();
    }
    expect(pglite.loaded).toBe(true);
  });
});
