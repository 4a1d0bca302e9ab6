import type { ApiTokenRepository, Db, DbHandle } from '@todo/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromNodeHeaders } from 'better-auth/node';
import { createAuth, type Auth } from '../auth';
import { createSessionCache } from '../session-cache';
import type { Config } from '../config';
import {
  codeForStatus,
  databaseUnavailable,
  errorBody,
  HttpError,
  isDatabaseUnavailable,
} from '../errors';

export interface Caller {
  userId: string;
  /** How the caller proved who they are: a browser session or a personal API token. */
  via: 'session' | 'token';
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
    /** onRequest hook: 401 unless the request carries a valid session cookie or API token. */
    requireCaller: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

interface AuthPluginOptions {
  db: Db;
  /** Where session-ended notifications come from (see session-cache.ts). */
  database: DbHandle;
  config: Config;
  apiTokens: ApiTokenRepository;
}

export default fp<AuthPluginOptions>(async function authPlugin(
  app,
  { db, database, config, apiTokens },
) {
  const auth = createAuth(db, config, app.log);
  const sessions = createSessionCache(auth, database);
  app.decorate('auth', auth);
  app.decorateRequest('caller', null);
  const limits = authLimits(app, config);
  const trustedOrigins = new Set(config.trustedOrigins);

  app.decorate('requireCaller', async (request: FastifyRequest, reply: FastifyReply) => {
    // Guessing tokens or cookies is limited per address before any lookup is made.
    await limits.refuseIfFailedTooOften(request, reply);
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const found = match ? await apiTokens.authenticate(match[1]!) : null;
      if (!found) {
        await limits.countFailure(request);
        throw new HttpError(401, 'unauthorized', 'The API token is invalid or revoked');
      }
      request.caller = { userId: found.userId, via: 'token' };
      return;
    }
    let userId: string | null;
    try {
      userId = await sessions.userOf(request.headers);
    } catch (err) {
      // better-auth turns a failed query into its own 500, without the cause.
      if (isDatabaseUnavailable(err) || (err as { statusCode?: number }).statusCode === 500) {
        throw databaseUnavailable();
      }
      throw err;
    }
    if (!userId) {
      if (request.headers.cookie) await limits.countFailure(request);
      throw new HttpError(
        401,
        'unauthorized',
        'Sign in, or send an API token as "Authorization: Bearer <token>"',
      );
    }
    // Browsers attach the cookie to cross-site requests too; only the app's own pages may
    // change state with it (better-auth checks its own routes the same way).
    if (!SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      if (!origin || !trustedOrigins.has(origin)) {
        throw new HttpError(
          403,
          'forbidden',
          'Cross-site request refused: the Origin header is missing or not a trusted origin',
        );
      }
    }
    request.caller = { userId, via: 'session' };
  });

  // better-auth's own routes (sign-up, sign-in, sign-out, session…), bridged to Fastify.
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    schema: { hide: true },
    // Sign-in, sign-up and the other auth actions: limited per address and per account.
    preHandler: (request, reply) =>
      request.method === 'POST' ? limits.countAuthAttempt(request, reply) : Promise.resolve(),
    // A sign-out or revocation must not be outlived by a cached session.
    onSend: async (request) => {
      if (request.method === 'POST') await sessions.afterAuthChange(request.headers);
    },
    async handler(request, reply) {
      const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`);
      const response = await auth.handler(
        new Request(url, {
          method: request.method,
          headers: fromNodeHeaders(request.headers),
          body:
            request.method === 'GET' || request.body === undefined
              ? undefined
              : JSON.stringify(request.body),
        }),
      );
      const text = await response.text();
      // better-auth answers a failed query (the database away) with a bare 500.
      if (response.status >= 500) throw databaseUnavailable();
      const failure = response.status >= 400 ? authError(response.status, text) : null;
      reply.status(failure?.status ?? response.status);
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie' && key !== 'content-length') reply.header(key, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) reply.header('set-cookie', cookies);
      return reply.send(failure ? failure.body : text || null);
    },
  });
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The account an auth request names, normalised as better-auth stores it. */
function accountOf(request: FastifyRequest): string | null {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : null;
}

/**
 * Counters for brute force: auth attempts per address and per account, failed
 * authentications per address. Stores are bounded LRU maps of @fastify/rate-limit.
 */
function authLimits(app: FastifyInstance, config: Config) {
  const window = { max: config.authRateLimit.max, timeWindow: config.authRateLimit.windowMs };
  const byAddress = app.createRateLimit({ ...window, keyGenerator: (r) => `auth-ip:${r.ip}` });
  const byAccount = app.createRateLimit({
    ...window,
    keyGenerator: (r) => `auth-account:${accountOf(r)}`,
  });
  const failures = app.createRateLimit({ ...window, keyGenerator: (r) => `auth-fail:${r.ip}` });

  const refuse = (reply: FastifyReply, seconds: number) => {
    reply.header('retry-after', String(Math.max(1, seconds)));
    return new HttpError(
      429,
      'rate_limited',
      `Too many attempts: try again in ${Math.max(1, seconds)} seconds`,
    );
  };

  return {
    async countAuthAttempt(request: FastifyRequest, reply: FastifyReply) {
      const checks = [byAddress(request), ...(accountOf(request) ? [byAccount(request)] : [])];
      for (const result of await Promise.all(checks)) {
        if (!result.isAllowed && result.isExceeded) throw refuse(reply, result.ttlInSeconds);
      }
    },
    async refuseIfFailedTooOften(request: FastifyRequest, reply: FastifyReply) {
      const result = await failures(request, { increment: false });
      if (!result.isAllowed && result.remaining === 0) throw refuse(reply, result.ttlInSeconds);
    },
    async countFailure(request: FastifyRequest) {
      await failures(request);
    },
  };
}

/** better-auth answers `{ code, message }`; the API's contract is `{ error: { code, message } }`. */
function authError(status: number, text: string) {
  let message = 'Authentication failed';
  try {
    const body = JSON.parse(text) as { message?: string };
    if (body.message) message = body.message;
  } catch {
    // Not JSON: keep the generic message.
  }
  return { status, body: errorBody(codeForStatus(status), message) };
}
