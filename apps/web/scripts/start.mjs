// The production entry point: starts Next's standalone server (server.js next to this file,
// as the build leaves it) with two things in front of its request handler:
// - every request's X-Forwarded-For becomes the address of the socket it arrived on (Next
//   keeps a client's own X-Forwarded-For, and the API limits sign-in attempts per address:
//   without this a client could name any address it likes);
// - `/api/*` and `/mcp` go straight to the API, streamed (api-proxy.mjs), without passing
//   through Next's route handlers; `next dev` uses the route handler in lib/proxy.ts instead.
import http from 'node:http';
import { clientAddress, createApiProxy, isApiPath } from './api-proxy.mjs';

const proxy = createApiProxy({
  apiUrl: (process.env.API_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
  // The registry lib/metrics.ts keeps on globalThis (created at start by instrumentation.ts).
  observe: (labels, seconds) => globalThis.__todoWebMetrics?.upstream.observe(labels, seconds),
});

function inFront(handler) {
  return function handle(req, res) {
    req.headers['x-forwarded-for'] = clientAddress(req.socket);
    if (isApiPath(req.url ?? '/')) return proxy(req, res);
    return handler.call(this, req, res);
  };
}

// The same object Next's require('http') gets, so its server is made by this function.
const createServer = http.createServer;
http.createServer = function createServerInFront(...args) {
  const i = args.findIndex((a) => typeof a === 'function');
  if (i >= 0) args[i] = inFront(args[i]);
  const server = createServer.apply(this, args);
  if (i < 0) {
    // A listener added later: only the address rule can apply.
    server.prependListener('request', (req) => {
      req.headers['x-forwarded-for'] = clientAddress(req.socket);
    });
  }
  return server;
};

await import(new URL(process.env.NEXT_SERVER_JS ?? './server.js', import.meta.url).href);
