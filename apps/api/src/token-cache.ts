import { API_TOKEN_PREFIX, hashApiToken, type ApiTokenRepository, type DbHandle } from '@todo/db';

export interface TokenCacheOptions {
  /** How long a checked token is trusted without asking the database again. */
  ttlMs?: number;
  /** Most tokens kept; the oldest go first. */
  maxEntries?: number;
}

interface Entry {
  userId: string;
  tokenId: string;
  validUntil: number;
  /** When last_used_at was last written for this token (written at most once a minute). */
  touchedAt: number;
}

/** The channel the `api_tokens` table's trigger notifies with the hash of a deleted token. */
export const TOKEN_REVOKED_CHANNEL = 'todo_api_token_revoked';

/**
 * Personal tokens checked once against the database, then served from memory (keyed by the
 * token's SHA-256), so a scripted client costs no extra round trip per request. Revocation
 * still takes effect at once: the revoking request forgets the token before it is answered,
 * and the table's trigger tells every other API process. See session-cache.ts for the
 * same scheme for browser sessions.
 */
export function createTokenCache(
  apiTokens: ApiTokenRepository,
  database: DbHandle,
  options: TokenCacheOptions = {},
) {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const byHash = new Map<string, Entry>();
  let generation = 0;
  const listener = database.listen(
    TOKEN_REVOKED_CHANNEL,
    (hash) => {
      generation++;
      byHash.delete(hash);
    },
    () => {
      generation++;
      byHash.clear();
    },
  );

  return {
    /** The owner of a presented token, or null. */
    async userOf(token: string): Promise<string | null> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return null;
      const hash = hashApiToken(token);
      const now = Date.now();
      const hit = byHash.get(hash);
      if (hit && hit.validUntil > now && listener.live()) {
        if (now - hit.touchedAt > 60_000) {
          hit.touchedAt = now;
          await apiTokens.touch(hit.tokenId);
        }
        return hit.userId;
      }
      if (hit) byHash.delete(hash);
      const started = generation;
      const found = await apiTokens.authenticate(token);
      if (!found) return null;
      if (started === generation && listener.live()) {
        if (byHash.size >= maxEntries) byHash.delete(byHash.keys().next().value!);
        byHash.set(hash, { ...found, validUntil: now + ttlMs, touchedAt: now });
      }
      return found.userId;
    },

    /** A token was revoked by this process: forget it before the revocation is answered. */
    forget(tokenId: string): void {
      generation++;
      for (const [hash, entry] of byHash) if (entry.tokenId === tokenId) byHash.delete(hash);
    },
  };
}

export type TokenCache = ReturnType<typeof createTokenCache>;
