import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ApiToken, ApiTokenCreated } from '@todo/contracts';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { prebuilt } from '../prebuilt';
import { apiTokens, type ApiTokenRow } from '../schema';

/** Every personal token starts with this, so secret scanners and people can recognise it. */
export const API_TOKEN_PREFIX = 'todo_pat_';

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** Personal API tokens: only a SHA-256 hash is stored; the token is shown once. */
export function createApiTokenRepository(db: Db) {
  // Every token-authenticated request runs this: built once (see prebuilt.ts).
  const byHash = prebuilt<
    { userId: string; tokenId: string; lastUsedAt: string | null },
    { hash: string }
  >(
    db,
    'api_tokens_by_hash',
    db
      .select({
        // Aliased: rows of a prebuilt query keep the names the database gives them.
        userId: sql<string>`${apiTokens.userId}`.as('userId'),
        tokenId: sql<string>`${apiTokens.id}`.as('tokenId'),
        // Milliseconds since the epoch, so no Date is parsed per request.
        lastUsedAt: sql<
          string | null
        >`(extract(epoch from ${apiTokens.lastUsedAt}) * 1000)::bigint`.as('lastUsedAt'),
      })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, sql.placeholder('hash'))),
  );
  return {
    async create(userId: string, name: string): Promise<ApiTokenCreated> {
      // 256 bits of randomness: a plain SHA-256 is enough, no slow hash needed.
      const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const [row] = await db
        .insert(apiTokens)
        .values({
          id: randomUUID(),
          userId,
          name,
          tokenHash: hashApiToken(token),
          prefix: token.slice(0, API_TOKEN_PREFIX.length + 4),
        })
        .returning();
      return { ...toApiToken(row!), token };
    },

    async list(userId: string): Promise<ApiToken[]> {
      const rows = await db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.userId, userId))
        .orderBy(desc(apiTokens.createdAt));
      return rows.map(toApiToken);
    },

    async remove(userId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(apiTokens)
        .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id)))
        .returning({ id: apiTokens.id });
      return rows.length > 0;
    },

    /** The owner of a presented token, or null. Also records when it was last used. */
    async authenticate(token: string): Promise<{ userId: string; tokenId: string } | null> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return null;
      const [row] = await byHash({ hash: hashApiToken(token) });
      if (!row) return null;
      // Written at most once a minute per token, so busy scripts do not write on every call.
      if (row.lastUsedAt === null || Date.now() - Number(row.lastUsedAt) > 60_000) {
        await this.touch(row.tokenId);
      }
      return { userId: row.userId, tokenId: row.tokenId };
    },

    /** Records that the token was used just now. */
    async touch(tokenId: string): Promise<void> {
      await db
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(eq(apiTokens.id, tokenId));
    },
  };
}

export type ApiTokenRepository = ReturnType<typeof createApiTokenRepository>;
