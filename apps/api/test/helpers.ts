import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type DbHandle } from '@todo/db';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app';
import { loadConfig, type Config } from '../src/config';

export const usingPostgres = () => process.env.TEST_DB === 'postgres';

/** A fresh, migrated database: in-memory PGlite, or a new database on the test server. */
export async function openTestDatabase(
  options: { idleInTransactionTimeoutMs?: number } = {},
): Promise<DbHandle> {
  let database: DbHandle;
  if (usingPostgres()) {
    const name = `t_${randomUUID().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: inject('postgresUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    database = await createDb({
      databaseUrl: inject('postgresUrl').replace(/\/postgres$/, `/${name}`),
      // 5 s in production fails fast; tests that queue 100 requests on 10 connections wait
      // longer than that on a loaded machine without anything being wrong.
      connectionTimeoutMs: 120_000,
      ...options,
    });
  } else {
    database = await createDb({ dataDir: 'memory://' });
  }
  await database.migrate();
  return database;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'todo-api-')),
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    RATE_LIMIT_MAX: '100000',
    AUTH_RATE_LIMIT_MAX: '100000',
    ...env,
  });
}

export interface TestApp {
  app: FastifyInstance;
  database: DbHandle;
  close(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  databaseOptions: Parameters<typeof openTestDatabase>[0] = {},
): Promise<TestApp> {
  const database = await openTestDatabase(databaseOptions);
  const app = await buildApp(testConfig(env), { database, logger: false });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface TestUser {
  email: string;
  cookie: string;
  userId: string;
  /** inject() with this user's session cookie (and the app's Origin, unless given). */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

const cookieHeader = (setCookie: string | string[] | undefined) =>
  ([] as string[])
    .concat(setCookie ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');

/** The app's own origin: state-changing requests with a session cookie must come from it. */
export const APP_ORIGIN = 'http://localhost:3000';

/** Signs a new user up, then in (sign-up alone signs nobody in, see finding 11 of issue 18). */
export async function signUp(app: FastifyInstance, email = `${randomUUID()}@example.com`) {
  const password = 'correct horse battery';
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    payload: { email, password, name: email.split('@')[0] },
  });
  if (res.statusCode !== 200) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  const signedIn = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email, password },
  });
  if (signedIn.statusCode !== 200) {
    throw new Error(`sign-in failed: ${signedIn.statusCode} ${signedIn.body}`);
  }
  const cookie = cookieHeader(signedIn.headers['set-cookie']);
  const user: TestUser = {
    email,
    cookie,
    userId: signedIn.json<{ user: { id: string } }>().user.id,
    request: (options) =>
      app.inject({ ...options, headers: { origin: APP_ORIGIN, ...options.headers, cookie } }),
  };
  return user;
}

export async function createToken(user: TestUser, name = 'test'): Promise<string> {
  const res = await user.request({ method: 'POST', url: '/api/tokens', payload: { name } });
  if (res.statusCode !== 201) throw new Error(`token failed: ${res.statusCode} ${res.body}`);
  return res.json<{ token: string }>().token;
}

export { cookieHeader };
