import { accounts, sessions, users, verifications, type Db } from '@todo/db';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Config } from './config';
import { errorKind } from './log-safe';

const CLIENT_CAUSED = /invalid origin|invalid callback|invalid redirect|csrf|rate limit/i;

export interface AuthLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** better-auth, configured for email + password sessions on our Drizzle schema. */
export function createAuth(db: Db, config: Config, log: AuthLogger) {
  return betterAuth({
    appName: 'Todo',
    basePath: '/api/auth',
    baseURL: config.authUrl,
    secret: config.authSecret,
    trustedOrigins: config.trustedOrigins,
    database: drizzleAdapter(db, {
      provider: 'pg',
      usePlural: true,
      schema: { users, sessions, accounts, verifications },
    }),
    // No sign-in on sign-up: better-auth then answers a taken email exactly like a new one,
    // so sign-up does not tell anyone which emails are registered. The client signs in next.
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: false,
    },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    telemetry: { enabled: false },
    // Explicit, so the CSRF origin check also runs under NODE_ENV=test (where it defaults off).
    advanced: { disableOriginCheck: false },
    // Our own limiters cover every route, auth included (per address and per account).
    rateLimit: { enabled: false },
    logger: {
      log(level, message, ...args) {
        // Only the kind of any error: its message may hold SQL with emails and hashes.
        const detail = args.map((a) => (a instanceof Error ? errorKind(a) : typeof a));
        // Refused requests are the client's doing and can be sent in floods: not our errors.
        if (CLIENT_CAUSED.test(message)) log.info({ detail }, `auth: ${message}`);
        else if (level === 'error') log.error({ detail }, `auth: ${message}`);
        else if (level === 'warn') log.warn({ detail }, `auth: ${message}`);
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
