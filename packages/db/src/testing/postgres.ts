import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A real PostgreSQL server in a temporary directory, for tests and benchmarks. */
export interface PostgresServer {
  /** URL of the default `postgres` database. */
  url: string;
  port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server, keeping its data (to test outages); `start()` brings it back. */
  stop(): Promise<void>;
  /** Kills the server as a crash would (immediate shutdown, no checkpoint); `start()` recovers. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      'PostgreSQL server binaries not found: install them (Debian: apt-get install postgresql) or set PG_BIN_DIR',
    );
  }
  return path.join(root, versions[0], 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root, so as root the server runs as the `postgres` user. */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() === 0) return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
  return [cmd, args];
}

async function exec(cmd: string, args: string[]): Promise<void> {
  const [file, argv] = asServerUser(cmd, args);
  await run(file, argv, { maxBuffer: 10 * 1024 * 1024 });
}

export interface StartPostgresOptions {
  /**
   * Keep commits durable across a crash of the server (synchronous_commit on). Off by
   * default: faster, and the usual tests never crash the server.
   */
  durableCommits?: boolean;
}

export async function startPostgres(settings: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'todo-pg-'));
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) await run('chown', ['postgres', dir]);
  await exec(path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const pgCtl = path.join(bin, 'pg_ctl');
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-h 127.0.0.1',
    '-c fsync=off',
    ...(settings.durableCommits ? [] : ['-c synchronous_commit=off']),
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  // pg_ctl waits 60 s by default; a loaded machine can need longer to start or stop a server.
  const wait = ['-w', '-t', '300'];
  const start = () =>
    exec(pgCtl, ['-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), ...wait, 'start']);
  const stop = () => exec(pgCtl, ['-D', dataDir, '-m', 'fast', ...wait, 'stop']);
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let running = true;
  return {
    url,
    port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await stop();
      running = false;
    },
    async kill() {
      await exec(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
