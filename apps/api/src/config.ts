import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LlmConfig } from '@todo/agent';
import { z } from 'zod';
import { isProxyRange } from './proxy-trust';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });

const url = (what: string) =>
  z.string().refine((v) => URL.canParse(v), { error: `must be ${what}` });

/** Every environment variable the API reads. `.env.example` documents each one. */
const EnvSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'must be development, production or test',
    })
    .default('development'),
  PORT: wholeNumber(1, 65535).default(8080),
  HOST: z.string().min(1, { error: 'must be an address to listen on' }).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, {
      error: 'must be a PostgreSQL URL like postgres://user:password@host:5432/db',
    })
    .optional(),
  DB_POOL_MAX: wholeNumber(1, 1000).default(10),
  DATA_DIR: z.string().min(1).default('.data'),
  MIGRATE_ON_START: bool.optional(),
  AUTH_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  AUTH_URL: url('the public URL of the app, e.g. http://localhost:3000').optional(),
  TRUSTED_ORIGINS: z
    .string()
    .default('http://localhost:3000,http://127.0.0.1:3000')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((o) => URL.canParse(o)), {
      error: 'must be a comma-separated list of origins, e.g. http://localhost:3000',
    }),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  RATE_LIMIT_MAX: wholeNumber(1, 1_000_000).default(600),
  RATE_LIMIT_WINDOW_MS: wholeNumber(1000, 86_400_000).default(60_000),
  AUTH_RATE_LIMIT_MAX: wholeNumber(1, 1_000_000).default(10),
  AUTH_RATE_LIMIT_WINDOW_MS: wholeNumber(1000, 86_400_000).default(60_000),
  TRUSTED_PROXIES: z
    .string()
    .default('loopback,private')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isProxyRange), {
      error:
        'must be a comma-separated list of loopback, private, none, addresses or CIDR ranges, e.g. 10.0.0.0/8',
    }),
  BODY_LIMIT_BYTES: wholeNumber(1024, 10 * 1024 * 1024).default(64 * 1024),
  SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000).default(10_000),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: url('an OpenAI-compatible API base URL, e.g. http://localhost:11434/v1').default(
    'https://api.openai.com/v1',
  ),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: wholeNumber(1000, 600_000).default(30_000),
  LLM_MAX_STEPS: wholeNumber(1, 20).default(6),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dbPoolMax: number;
  dataDir: string;
  migrateOnStart: boolean;
  authSecret: string;
  authUrl: string | undefined;
  trustedOrigins: string[];
  logLevel: string;
  rateLimit: { max: number; windowMs: number };
  /** Sign-in, sign-up and failed authentications: per address and per account. */
  authRateLimit: { max: number; windowMs: number };
  /** Peers (the web app's proxy) whose X-Forwarded-For is believed, for one hop. */
  trustedProxies: string[];
  bodyLimit: number;
  shutdownTimeoutMs: number;
  /** An OpenAI-compatible model for the chat; null → the offline engine answers. */
  llm: LlmConfig | null;
}

/** A configuration problem, worded as the single line the process prints before exiting. */
export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable counts as unset, as `.env` files often contain `KEY=`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.AUTH_SECRET) {
    throw new ConfigError(
      'Invalid configuration: AUTH_SECRET is required when NODE_ENV=production (at least 32 random characters, e.g. `openssl rand -base64 32`)',
    );
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    dataDir: path.resolve(e.DATA_DIR),
    // In a cluster a migration Job runs first; locally the API migrates itself.
    migrateOnStart: e.MIGRATE_ON_START ?? (!production || !e.DATABASE_URL),
    authSecret: e.AUTH_SECRET ?? devAuthSecret(path.resolve(e.DATA_DIR)),
    // Outside production the app is reached at the first trusted origin (the dev web server);
    // saying so keeps better-auth from warning "Base URL is not set" at every start.
    authUrl: e.AUTH_URL ?? (production ? undefined : e.TRUSTED_ORIGINS[0]),
    trustedOrigins: e.TRUSTED_ORIGINS,
    logLevel: e.LOG_LEVEL,
    rateLimit: { max: e.RATE_LIMIT_MAX, windowMs: e.RATE_LIMIT_WINDOW_MS },
    authRateLimit: { max: e.AUTH_RATE_LIMIT_MAX, windowMs: e.AUTH_RATE_LIMIT_WINDOW_MS },
    trustedProxies: e.TRUSTED_PROXIES,
    bodyLimit: e.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    llm: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          baseUrl: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxSteps: e.LLM_MAX_STEPS,
        }
      : null,
  };
}

/** Outside production a secret is made once and kept under DATA_DIR, so sessions survive restarts. */
function devAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
