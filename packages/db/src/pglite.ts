import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder, type Db, type DbHandle } from './client';
import { noop, withTimeout } from './internal';
import * as schema from './schema';

/**
 * The embedded database (no `DATABASE_URL`: `pnpm dev`, tests). Only `createDb` imports this
 * module, dynamically, so that PGlite stays unloaded on PostgreSQL.
 */
export function createPglite(dataDir: string): DbHandle {
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    location = path.resolve(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const client = new PGlite(location);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // PGlite is opened by one process only, so there is nobody to race with.
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: migrationsFolder() }),
    ping: (timeoutMs = 2_000) => withTimeout(db.execute(sql`SELECT 1`).then(noop), timeoutMs),
    close: () => client.close(),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    listen(channel, onMessage, onReset) {
      let live = false;
      // One process owns PGlite, so every NOTIFY comes from this process: none is missed.
      void client.listen(channel, onMessage).then(() => {
        live = true;
        onReset();
      });
      return { live: () => live };
    },
  };
}
