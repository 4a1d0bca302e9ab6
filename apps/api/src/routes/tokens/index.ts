import { ApiError, ApiTokenCreate, ApiTokenCreated, ApiTokenList } from '@todo/contracts';
import type { ApiTokenRepository } from '@todo/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, notFound } from '../../errors';

const tokensRoutes: FastifyPluginAsyncZod<{ apiTokens: ApiTokenRepository }> = async (
  app,
  { apiTokens },
) => {
  app.addHook('onRequest', app.requireCaller);
  const tags = ['tokens'];
  const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

  app.post(
    '/api/tokens',
    {
      schema: {
        tags,
        security: [{ session: [] }],
        summary: 'Create a personal API token (shown once). Needs a signed-in session.',
        body: ApiTokenCreate.optional(),
        response: { 201: ApiTokenCreated, ...errors },
      },
    },
    async (request, reply) => {
      // A leaked token must not be able to mint more tokens.
      if (request.caller!.via !== 'session') {
        throw new HttpError(403, 'forbidden', 'Creating an API token needs a signed-in session');
      }
      const name = request.body?.name ?? 'API token';
      const created = await apiTokens.create(request.caller!.userId, name);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/tokens',
    {
      schema: {
        tags,
        security: [{ session: [] }, { bearer: [] }],
        summary: 'List your API tokens (never their secrets)',
        response: { 200: ApiTokenList, ...errors },
      },
    },
    async (request) => ({ items: await apiTokens.list(request.caller!.userId) }),
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags,
        security: [{ session: [] }, { bearer: [] }],
        summary: 'Revoke an API token',
        params: z.object({ id: z.string().uuid({ error: 'must be a token id' }) }),
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      const removed = await apiTokens.remove(request.caller!.userId, request.params.id);
      if (!removed) throw notFound('Token');
      app.apiTokenCache.forget(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default tokensRoutes;
