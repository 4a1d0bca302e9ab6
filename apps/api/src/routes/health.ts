import type { DbHandle } from '@todo/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../errors';
import { errorKind } from '../log-safe';

const Status = z.object({ status: z.literal('ok') });

/** Liveness says the process runs; readiness says it can serve (the database answers). */
const health: FastifyPluginAsyncZod<{ database: DbHandle }> = async (app, { database }) => {
  // Also under /api so that it can be checked through the web app's /api proxy.
  for (const url of ['/healthz', '/api/healthz']) {
    app.get(
      url,
      { schema: { tags: ['health'], response: { 200: Status } }, config: { rateLimit: false } },
      async () => ({ status: 'ok' as const }),
    );
  }

  app.get(
    '/readyz',
    { schema: { tags: ['health'] }, config: { rateLimit: false } },
    async (request, reply) => {
      try {
        await database.ping(1_000);
        return { status: 'ok', database: database.kind };
      } catch (err) {
        request.log.warn(errorKind(err), 'readiness check failed: database unavailable');
        return reply
          .status(503)
          .send(errorBody('service_unavailable', 'The database is not answering'));
      }
    },
  );
};

export default health;
