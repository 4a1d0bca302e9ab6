import { z } from 'zod';
import { text } from './tasks';

export const ApiTokenCreate = z.strictObject(
  {
    name: text()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(100, { error: 'must be at most 100 characters' })
      .default('API token'),
  },
  { error: 'must be a JSON object' },
);
export type ApiTokenCreate = z.output<typeof ApiTokenCreate>;

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token, so a user can tell tokens apart. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** Returned once, at creation: the only time the secret is ever shown. */
export const ApiTokenCreated = ApiToken.extend({ token: z.string() });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreated>;

export const ApiTokenList = z.object({ items: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;
