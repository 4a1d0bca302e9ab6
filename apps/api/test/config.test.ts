import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'todo-config-'));

describe('configuration from the environment', () => {
  it('has defaults that need nothing: port 8080, loopback, embedded database', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      migrateOnStart: true,
      trustedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT must be a whole number from 1 to 65535$/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    [
      { DATABASE_URL: 'mysql://x' },
      /^Invalid configuration: DATABASE_URL must be a PostgreSQL URL/,
    ],
    [
      { AUTH_SECRET: 'short' },
      /^Invalid configuration: AUTH_SECRET must be at least 32 characters$/,
    ],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL must be one of/],
    [{ TRUSTED_ORIGINS: 'localhost:3000, not a url' }, /^Invalid configuration: TRUSTED_ORIGINS /],
    [
      { MIGRATE_ON_START: 'maybe' },
      /^Invalid configuration: MIGRATE_ON_START must be true or false$/,
    ],
    [{ NODE_ENV: 'staging' }, /^Invalid configuration: NODE_ENV /],
  ])('stops with one line naming the variable for %j', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });

  it('never echoes a secret value in its error', () => {
    // The assertions sit outside the catch, so a config that accepts the secret fails here.
    let message = '';
    try {
      loadConfig({ DATA_DIR: dataDir(), AUTH_SECRET: 'hunter2-short-secret' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: AUTH_SECRET /);
    expect(message).not.toContain('hunter2');
  });

  it('requires AUTH_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(
      /AUTH_SECRET is required when NODE_ENV=production/,
    );
  });

  it('in production with PostgreSQL leaves migrations to the migration job', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(40),
      DATABASE_URL: 'postgres://u:p@db:5432/todo',
    });
    expect(config.migrateOnStart).toBe(false);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        AUTH_SECRET: 'x'.repeat(40),
        DATABASE_URL: 'postgres://u:p@db:5432/todo',
        MIGRATE_ON_START: 'true',
      }).migrateOnStart,
    ).toBe(true);
  });

  it('outside production makes a secret once and keeps it under DATA_DIR (mode 600)', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).authSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).authSecret).toBe(first);
    const file = path.join(dir, 'auth-secret');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: '', DATABASE_URL: '' }).port).toBe(8080);
  });
});

describe('the server process', () => {
  it('exits 1 with a single line naming the bad variable', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, PORT: 'abc', DATA_DIR: dataDir() },
      encoding: 'utf8',
      timeout: 240_000, // a hang guard: starting tsx on a loaded machine can take many seconds
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid configuration: PORT must be a whole number from 1 to 65535',
    ]);
  });
});
