import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { codeForStatus, errorBody, HttpError, isDatabaseUnavailable } from '../errors';
import { errorKind } from '../log-safe';

/** How long a client should wait while the database is away (it is usually back in seconds). */
export const RETRY_AFTER_SECONDS = '5';

/** Turns every failure into `{ error: { code, message, fields? } }` without leaking internals. */
export default fp(async function errors(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      if (err.statusCode === 503) reply.header('retry-after', RETRY_AFTER_SECONDS);
      return reply.status(err.statusCode).send(errorBody(err.code, err.message, err.fields));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields = err.validation.map((v) => {
        const params = v.params as { keys?: string[] };
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        if (v.keyword === 'unrecognized_keys' && params.keys) {
          return { path: params.keys.join(', '), message: 'is not a known field' };
        }
        return { path: path || where, message: v.message ?? 'is invalid' };
      });
      const first = fields[0]!;
      return reply
        .status(400)
        .send(errorBody('validation_failed', `${first.path} ${first.message}`, fields));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn(errorKind(err), 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', RETRY_AFTER_SECONDS)
        .send(errorBody('service_unavailable', 'The database is not answering; try again shortly'));
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(errorKind(err), 'request failed');
      return reply
        .status(500)
        .send(errorBody('internal_error', 'Something went wrong on our side'));
    }
    // Fastify's own client errors (malformed JSON, body too large, bad content type…).
    const message =
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
        ? 'body is not valid JSON'
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'body is too large'
          : err.message;
    return reply.status(status).send(errorBody(codeForStatus(status), message));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(errorBody('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  );
});
