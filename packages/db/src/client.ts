import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { noop, withTimeout } from './internal';
import * as schema from './schema';

export type Schema = typeof schema;
/** The query builder both drivers share; repositories are written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations; safe when several processes do it at once. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a query within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /**
   * Calls `onMessage` for every NOTIFY on `channel` (any process, any connection). `live()`
   * is false while the listening connection is down: notifications may be missed then, and
   * `onReset` is called once it is back, so that whatever relied on them can start over.
   */
  listen(channel: string, onMessage: (payload: string) => void, onReset: () => void): Listener;
  /** The idle-in-transaction limit every connection has from the start, if one was set. */
  idleInTransactionTimeoutMs?: number;
  /** Connections open, idle among them, and queries waiting for one (PGlite: one connection). */
  poolStats(): { total: number; idle: number; waiting: number };
}

export interface Listener {
  live(): boolean;
}

export interface CreateDbOptions {
  /** postgres://… — when absent an embedded PGlite database is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` keeps them in memory (tests). */
  dataDir?: string;
  /** Largest number of pooled connections (PostgreSQL only). */
  poolMax?: number;
  /** How long a query may wait for a pooled connection before failing (PostgreSQL only). */
  connectionTimeoutMs?: number;
  /** Receives connection errors of idle pooled clients (e.g. the server restarted). */
  onPoolError?: (err: Error) => void;
  /**
   * `idle_in_transaction_session_timeout` of every pooled connection (PostgreSQL only): the
   * server ends a transaction left idle that long, and frees its locks.
   */
  idleInTransactionTimeoutMs?: number;
}

// Any fixed 64-bit number works; every migrating process must use the same one.
const MIGRATION_LOCK_KEY = 0x70d0_0001;

/**
 * Opens the database: PostgreSQL when `databaseUrl` is set, else embedded PGlite. PGlite's
 * code (and drizzle's driver for it) is imported only then, so a server on PostgreSQL never
 * loads it (peak RSS, docs/performance.md, Memory). Bundlers keep a static import of an
 * external package even when nothing uses it, hence the dynamic one.
 */
export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) return createPostgres(options.databaseUrl, options);
  const { createPglite } = await import('./pglite');
  return createPglite(options.dataDir ?? '.data');
}

function createPostgres(databaseUrl: string, options: CreateDbOptions): DbHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    // Sent with the connection's start-up: costs no statement per transaction.
    ...(options.idleInTransactionTimeoutMs !== undefined
      ? { idle_in_transaction_session_timeout: Math.ceil(options.idleInTransactionTimeoutMs) }
      : {}),
  });
  // Without a listener an idle client's error (server restart) would crash the process.
  pool.on('error', (err) => options.onPoolError?.(err));
  // The pool listens to idle clients only: one checked out for a transaction would emit an
  // unhandled 'error' when the server goes away. Its query in flight fails on its own.
  pool.on('connect', (client) => client.on('error', (err) => options.onPoolError?.(err)));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listeners: pg.Client[] = [];
  let closed = false;
  return {
    db,
    kind: 'postgres',
    idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs,
    async migrate() {
      const client = await pool.connect();
      try {
        // A session-level advisory lock serialises concurrent migrators (e.g. two replicas).
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migratePg(drizzlePg(client), { migrationsFolder: migrationsFolder() });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    ping: (timeoutMs = 2_000) => withTimeout(pool.query('SELECT 1').then(noop), timeoutMs),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      closed = true;
      await Promise.all(listeners.map((c) => c.end().catch(noop)));
      await pool.end();
    },
    listen(channel, onMessage, onReset) {
      let live = false;
      // Its own connection, outside the pool: LISTEN belongs to one session for its lifetime.
      const connect = () => {
        if (closed) return;
        const client = new pg.Client({ connectionString: databaseUrl });
        listeners.push(client);
        let retried = false;
        const retry = () => {
          live = false;
          listeners.splice(listeners.indexOf(client), 1);
          if (!retried && !closed) setTimeout(connect, 1_000).unref();
          retried = true;
        };
        client.on('notification', (n) => {
          if (n.channel === channel) onMessage(n.payload ?? '');
        });
        client.on('error', (err) => {
          options.onPoolError?.(err);
          void client.end().catch(noop);
        });
        client.on('end', retry);
        client
          .connect()
          .then(() => client.query(`LISTEN ${channel}`))
          .then(() => {
            live = true;
            onReset();
          })
          .catch(() => void client.end().catch(noop));
      };
      connect();
      return { live: () => live };
    },
  };
}

/**
 * The committed migrations: next to the bundle (`dist/drizzle`, copied there by the api's
 * build) or in this package (`packages/db/drizzle`) when running from source.
 */
export function migrationsFolder(): string {
  const candidates = [
    process.env.MIGRATIONS_DIR,
    fileURLToPath(new URL('./drizzle', import.meta.url)),
    fileURLToPath(new URL('../drizzle', import.meta.url)),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((dir) => existsSync(path.join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`No migrations found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Rows of a raw SQL query, for the few places (tests, health) that need one. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
