import { createDb, type DbHandle } from '../src';
import { startPostgres, type PostgresServer } from '../src/testing';

/** Both databases the repositories run on: a real PostgreSQL server and embedded PGlite. */
export const databases: [string, () => Promise<{ handle: DbHandle; stop(): Promise<void> }>][] = [
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
