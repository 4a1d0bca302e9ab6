import type { ApiTokenRepository, Db, DbHandle } from '@todo/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromNodeHeaders } from 'better-auth/node';
import { createAuth, type Auth } from '../auth';
import { createSessionCache } from '../session-cache';
import { createTokenCache, type TokenCache } from '../token-cache';
import type { Config } from '../config';
import { codeForStatus, errorBody, HttpError } from '../errors';

export interface Caller {
  userId: string;
  /** How the caller proved who they are: a browser session or a personal API token. */
  via: 'session' | 'token';
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
    /** Checked API tokens kept in memory; a revoking route must `forget` the token. */
    apiTokenCache: TokenCache;
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
  const tokens = createTokenCache(apiTokens, database);
  app.decorate('apiTokenCache', tokens);
  app.decorate('auth', auth);
  app.decorateRequest('caller', null);

  app.decorate('requireCaller', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const userId = match ? await tokens.userOf(match[1]!) : null;
      if (!userId) throw new HttpError(401, 'unauthorized', 'The API token is invalid or revoked');
      request.caller = { userId, via: 'token' };
      return;
    }
    const userId = await sessions.userOf(request.headers);
    if (!userId) {
      throw new HttpError(
        401,
        'unauthorized',
        'Sign in, or send an API token as "Authorization: Bearer <token>"',
      );
    }
    request.caller = { userId, via: 'session' };
  });

  // better-auth's own routes (sign-up, sign-in, sign-out, session…), bridged to Fastify.
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    schema: { hide: true },
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

/** better-auth answers `{ code, message }`; the API's contract is `{ error: { code, message } }`. */
function authError(status: number, text: string) {
  let message = 'Authentication failed';
  let code = '';
  try {
    const body = JSON.parse(text) as { message?: string; code?: string };
    if (body.message) message = body.message;
    code = body.code ?? '';
  } catch {
    // Not JSON: keep the generic message.
  }
  // A taken email is a conflict with existing data, not malformed input.
  if (code.startsWith('USER_ALREADY_EXISTS')) status = 409;
  return { status, body: errorBody(codeForStatus(status), message) };
}
