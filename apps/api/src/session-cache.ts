import type { IncomingHttpHeaders } from 'node:http';
import type { DbHandle } from '@todo/db';
import { fromNodeHeaders } from 'better-auth/node';
import type { Auth } from './auth';

export interface SessionCacheOptions {
  /** How long a checked session is trusted without asking the database again. */
  ttlMs?: number;
  /** Most sessions kept; the oldest go first. */
  maxEntries?: number;
  /** Clock (tests). */
  now?: () => number;
}

interface Entry {
  userId: string;
  token: string;
  /** The session's own expiry and the end of this entry's life, whichever is first. */
  validUntil: number;
}

/** The channel the `sessions` table's triggers notify with the token of a session that ended. */
export const SESSION_ENDED_CHANNEL = 'todo_session_ended';

/**
 * Sessions checked once with better-auth (a database read), then served from memory, so a
 * signed-in request costs no database round trip. A session stops working at once when it
 * ends: the `sessions` table notifies every API process on delete or change (sign-out,
 * revocation, a deleted user, clean-up), and this process also forgets a user's sessions
 * after handling, and before answering, any of that user's auth POSTs (sign-out, revoke-*),
 * so the next request already misses. Entries also lapse at the session's expiry and after `ttlMs`.
 */
export function createSessionCache(
  auth: Auth,
  database: DbHandle,
  options: SessionCacheOptions = {},
) {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // Keyed by the signed cookie value: a hit means this exact value was verified before.
  const byCookie = new Map<string, Entry>();
  // Bumped on every invalidation: a lookup that started before one must not cache its answer.
  let generation = 0;
  let cookieName: string | undefined;

  const forget = (match: (e: Entry) => boolean) => {
    generation++;
    for (const [key, entry] of byCookie) if (match(entry)) byCookie.delete(key);
  };
  const clear = () => {
    generation++;
    byCookie.clear();
  };
  const listener = database.listen(
    SESSION_ENDED_CHANNEL,
    (token) => forget((e) => e.token === token),
    clear,
  );

  async function cookieValue(headers: IncomingHttpHeaders): Promise<string | undefined> {
    cookieName ??= (await auth.$context).authCookies.sessionToken.name;
    const header = headers.cookie;
    if (!header) return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === cookieName) return part.slice(eq + 1).trim();
    }
    return undefined;
  }

  return {
    /** The user a request's session cookie belongs to, or null. */
    async userOf(headers: IncomingHttpHeaders): Promise<string | null> {
      const value = await cookieValue(headers);
      if (!value) return null;
      const hit = byCookie.get(value);
      if (hit && hit.validUntil > now() && listener.live()) return hit.userId;
      if (hit) byCookie.delete(value);
      const started = generation;
      const session = await auth.api.getSession({ headers: fromNodeHeaders(headers) });
      if (!session) return null;
      // Only while notifications arrive: otherwise an ended session could stay cached.
      if (started === generation && listener.live()) {
        if (byCookie.size >= maxEntries) byCookie.delete(byCookie.keys().next().value!);
        byCookie.set(value, {
          userId: session.user.id,
          token: session.session.token,
          validUntil: Math.min(new Date(session.session.expiresAt).getTime(), now() + ttlMs),
        });
      }
      return session.user.id;
    },

    /**
     * After an auth POST was handled, before it is answered: that user's sessions may just
     * have ended (sign-out, revocation), so none is served from memory any more, and no
     * lookup that read the database before the change may cache its answer. Unknown cookie:
     * forget all.
     */
    async afterAuthChange(headers: IncomingHttpHeaders): Promise<void> {
      const value = await cookieValue(headers);
      if (!value) return;
      const userId = byCookie.get(value)?.userId;
      if (userId) forget((e) => e.userId === userId);
      else clear();
    },

    get size() {
      return byCookie.size;
    },
  };
}

export type SessionCache = ReturnType<typeof createSessionCache>;
