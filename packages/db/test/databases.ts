import { afterAll, beforeAll } from 'vitest';
import { createDb, users, type DbHandle } from '../src';
import { startPostgres, type PostgresServer } from '../src/testing';

type Opened = { handle: DbHandle; stop(): Promise<void> };

/** Both databases the repositories run on: a real PostgreSQL server and embedded PGlite. */
export const databases: [string, () => Promise<Opened>][] = [
  [
    'PostgreSQL',
    async () => {
      const server: PostgresServer = await startPostgres();
      const handle = await createDb({ databaseUrl: server.url });
      return { handle, stop: () => server.destroy() };
    },
  ],
  [
    'PGlite',
    async () => ({ handle: await createDb({ dataDir: 'memory://' }), stop: async () => {} }),
  ],
];

/** For a describe block: opens and migrates one of `databases` before its tests, closes it after. */
export function migratedDatabase(open: () => Promise<Opened>): { readonly handle: DbHandle } {
  let db: Opened | undefined;
  beforeAll(async () => {
    db = await open();
    await db.handle.migrate();
  });
  afterAll(async () => {
    await db?.handle.close();
    await db?.stop();
  });
  return {
    get handle() {
      if (!db) throw new Error('the database is opened in beforeAll');
      return db.handle;
    },
  };
}

/** A new user row (tasks need one), under a fresh id; returns the id. */
export async function newUser(handle: DbHandle, name = 'U'): Promise<string> {
  const id = `u-${Math.random().toString(36).slice(2)}`;
  await handle.db.insert(users).values({ id, name, email: `${id}@x.org` });
  return id;
}
