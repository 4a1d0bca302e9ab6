import type { DbHandle } from '@todo/db';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: {
      /** One chat turn answered (`ok`) or failed (`error`) by the offline engine or the LLM. */
      chatTurn(engine: 'offline' | 'llm', outcome: 'ok' | 'error'): void;
      /** The LLM failed during a turn (timeout, 5xx…); the offline engine answered instead. */
      llmFailure(): void;
    };
  }
}

const statusClass = (code: number) => `${Math.floor(code / 100)}xx`;

/**
 * Prometheus metrics at GET /metrics. Labels are bounded and never carry user data: a route
 * is its template (`/api/tasks/:id`, `unmatched` for 404s), a status its class.
 */
export default fp<{ database: DbHandle }>(async function metrics(app, { database }) {
  const register = new Registry();
  // Process CPU and memory, heap, GC and event-loop lag (nodejs_eventloop_lag_*).
  collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 20 });

  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to response, by route template and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests being handled now (including handlers of clients that hung up)',
    registers: [register],
    collect() {
      this.set(app.inFlight.count());
    },
  });
  const pool = (
    name: string,
    help: string,
    pick: (s: ReturnType<DbHandle['poolStats']>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers: [register],
      collect() {
        this.set(pick(database.poolStats()));
      },
    });
  pool('db_pool_connections', 'Open database connections in the pool', (s) => s.total);
  pool(
    'db_pool_connections_in_use',
    'Pooled connections running a query now',
    (s) => s.total - s.idle,
  );
  pool('db_pool_waiting', 'Queries waiting for a free pooled connection', (s) => s.waiting);
  const chatTurns = new Counter({
    name: 'chat_turns_total',
    help: 'Chat turns by engine (offline, llm) and outcome (ok, error)',
    labelNames: ['engine', 'outcome'] as const,
    registers: [register],
  });
  const llmFailures = new Counter({
    name: 'chat_llm_failures_total',
    help: 'LLM calls that failed during a chat turn (the offline engine answered instead)',
    registers: [register],
  });

  app.decorate('metrics', {
    chatTurn: (engine, outcome) => chatTurns.inc({ engine, outcome }),
    llmFailure: () => llmFailures.inc(),
  });

  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_class: statusClass(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    '/metrics',
    { schema: { hide: true }, config: { rateLimit: false } },
    async (_request, reply) => {
      reply.header('content-type', register.contentType);
      return register.metrics();
    },
  );
});
