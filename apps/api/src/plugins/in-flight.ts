import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Requests whose handling (hooks, handler, response) has not ended yet. */
    inFlight: { count(): number; drained(): Promise<void> };
  }
}

interface Progress {
  handlerStarted: boolean;
  handlerDone: boolean;
  closed: boolean;
  left: boolean;
}

const progress = new WeakMap<FastifyRequest, Progress>();

/**
 * Counts requests until their work is over, not only until their socket is: a client that
 * disconnects (a load generator stopping, a browser tab closing) leaves the handler running,
 * and its next database query must still find the pool open. The database is closed after
 * `drained()` (see app.ts), so shutdown no longer cuts handlers off mid-way.
 */
export default fp(async function inFlight(app) {
  let count = 0;
  let waiters: (() => void)[] = [];

  const leaveIfDone = (p: Progress) => {
    if (p.left || !p.closed) return;
    // A client that hung up before any handler ran may leave no trace (an unfinished body is
    // never parsed): it counts as done, and re-enters should its handler still start.
    if (p.handlerStarted && !p.handlerDone) return;
    p.left = true;
    count--;
    if (count === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };

  app.decorate('inFlight', {
    count: () => count,
    drained: () =>
      count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
  });

  app.addHook('onRequest', async (request, reply) => {
    const p: Progress = {
      handlerStarted: false,
      handlerDone: false,
      closed: false,
      left: false,
    };
    progress.set(request, p);
    count++;
    // 'close' comes once the response is written or the connection is gone, whichever first.
    reply.raw.once('close', () => {
      p.closed = true;
      leaveIfDone(p);
    });
  });

  // Every route registered after this plugin: its handler is bracketed. A handler that
  // returns no promise stays synchronous (it may answer later through `reply`; the
  // response's 'close' covers that).
  app.addHook('onRoute', (route) => {
    const handler = route.handler as (this: unknown, ...args: unknown[]) => unknown;
    route.handler = function tracked(this: unknown, request, reply) {
      const p = progress.get(request);
      if (p) {
        p.handlerStarted = true;
        if (p.left) {
          p.left = false;
          count++;
        }
      }
      const finish = () => {
        if (!p) return;
        p.handlerDone = true;
        leaveIfDone(p);
      };
      let result: unknown;
      try {
        result = handler.call(this, request, reply);
      } catch (err) {
        finish();
        throw err;
      }
      if (result instanceof Promise) return result.finally(finish);
      finish();
      return result;
    } as typeof route.handler;
  });
});
