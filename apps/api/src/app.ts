import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createAgent } from '@todo/agent';
import {
  createApiTokenRepository,
  createConversationRepository,
  createDb,
  createTaskRepository,
  type DbHandle,
} from '@todo/db';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import { codeForStatus, errorBody, HttpError } from './errors';
import authPlugin from './plugins/auth';
import errorsPlugin from './plugins/errors';
import inFlightPlugin from './plugins/in-flight';
import inputPlugin from './plugins/input';
import metricsPlugin from './plugins/metrics';
import securityHeaders from './plugins/security-headers';
import { errorKind } from './log-safe';
import { addHandWrittenPaths } from './openapi-extra';
import { trustOneProxyHop } from './proxy-trust';
import health from './routes/health';
import chatRoutes from './routes/chat/index';
import mcpRoutes from './routes/mcp';
import tasksRoutes from './routes/tasks/index';
import tokensRoutes from './routes/tokens/index';

export interface BuildOptions {
  /** A fixed clock for the chat agent (tests). */
  now?: () => Date;
  /** A database opened by the caller (tests); otherwise one is opened from the config and closed with the app. */
  database?: DbHandle;
  /** pino options override (tests pass `false` to keep output quiet). */
  logger?: boolean | object;
  /** Where the configured logger writes (tests read the logs back); default stdout. */
  logStream?: { write(line: string): void };
}

/**
 * Readable log lines for a developer (`pnpm dev`, where turbo pipes the output, so no TTY
 * test); JSON everywhere else, for collectors. Only when pino-pretty (a dev dependency) is
 * installed, so a production install without it starts all the same.
 */
function prettyInDevelopment(config: Config): object {
  if (config.nodeEnv !== 'development') return {};
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
  } catch {
    return {};
  }
  return { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss' } } };
}

const requestIdPattern = /^[\w.:-]{1,128}$/;

/** In the bundle (dist/) the docs UI's files sit next to the server; from source, in its package. */
function bundledSwaggerUi(): string | undefined {
  const dir = fileURLToPath(new URL('./static', import.meta.url));
  return existsSync(path.join(dir, 'index.html')) ? dir : undefined;
}

export async function buildApp(config: Config, options: BuildOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(options.logStream ? { stream: options.logStream } : {}),
      ...(options.logStream ? {} : prettyInDevelopment(config)),
    },
    bodyLimit: config.bodyLimit,
    // Keep a caller's request id (e.g. from the web proxy) when it looks sane.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming)
        ? incoming
        : randomUUID();
    },
    // The router's own refusals (a path with broken percent-encoding) in the error shape too.
    frameworkErrors: (err, _request, reply) => {
      const status = err.statusCode ?? 400;
      const message =
        err.code === 'FST_ERR_BAD_URL'
          ? 'path is not a valid URL (bad percent-encoding)'
          : err.message;
      void (reply as FastifyReply).status(status).send(errorBody(codeForStatus(status), message));
    },
    // One hop from our own proxy (the web app's), so a client cannot pick its own address.
    trustProxy: trustOneProxyHop(config.trustedProxies),
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only: a text/plain body gets a clear 415 instead of a confusing validation error.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API and type the handlers (checked at compile time); at
  // run time plain JSON.stringify is enough and keeps the hot list route fast.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // While shutting down, answers to in-flight requests close their keep-alive connection,
  // so the server can finish closing as soon as the last response is out.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  // A chat turn's transaction waits through one model call at most between its statements.
  const turnIdleLimitMs = (config.llm?.timeoutMs ?? 0) + 30_000;
  const database =
    options.database ??
    (await createDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: config.dbPoolMax,
      idleInTransactionTimeoutMs: turnIdleLimitMs,
      onPoolError: (err) => app.log.warn(errorKind(err), 'database connection lost'),
    }));
  // Before any route, so that every handler is counted.
  await app.register(inFlightPlugin);
  await app.register(metricsPlugin, { database });
  // onClose hooks run after the listener has closed: in-flight handlers finish their queries
  // (a client that hung up leaves its handler running), then the pool closes.
  app.addHook('onClose', async () => {
    await app.inFlight.drained();
    if (!options.database) await database.close();
  });
  if (config.migrateOnStart) await database.migrate();

  const tasks = createTaskRepository(database.db);
  const apiTokens = createApiTokenRepository(database.db);
  const conversations = createConversationRepository(database.db);
  const agent = createAgent({
    tasks,
    llm: config.llm,
    now: options.now,
    onLlmError: (err) => {
      app.metrics.llmFailure();
      app.log.warn({ reason: err.message }, 'LLM unavailable for a chat turn');
    },
  });

  await app.register(errorsPlugin);
  await app.register(inputPlugin);
  await app.register(securityHeaders, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
  });
  await app.register(cors, { origin: config.trustedOrigins, credentials: true });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Todo API',
        version: '0.1.0',
        description:
          'Tasks, chat, personal API tokens, auth, MCP and health. Errors are always `{ error }`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      addHandWrittenPaths(documentObject as { openapiObject: Record<string, unknown> }) as never,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', baseDir: bundledSwaggerUi() });
  // Before auth, so that its own routes are limited too; as a preHandler it runs after
  // authentication, so a signed-in user is limited per user, anyone else per address.
  await app.register(rateLimit, {
    hook: 'preHandler',
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    keyGenerator: (request) => request.caller?.userId ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `Too many requests: try again in ${context.after}`),
  });
  await app.register(authPlugin, { db: database.db, database, config, apiTokens });
  await app.register(health, { database });
  await app.register(tasksRoutes, { tasks });
  await app.register(tokensRoutes, { apiTokens });
  await app.register(chatRoutes, {
    agent,
    conversations,
    db: database.db,
    tasks,
    turnIdleLimitMs,
    sessionIdleLimitMs: database.idleInTransactionTimeoutMs,
    llm: config.llm !== null,
  });
  await app.register(mcpRoutes, { tasks });

  return app as unknown as FastifyInstance;
}
