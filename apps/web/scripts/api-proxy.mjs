// The web server's path to the API, in plain Node so that the production entry point
// (start.mjs) can serve `/api/*` and `/mcp` before Next sees them: streamed socket to socket
// with keep-alive connections, instead of a route handler turning every body into web streams
// (which ran the list at 0.16-0.21x of the API direct). lib/proxy.ts, the route handler used
// under `next dev`, shares the header rules and the metric labels from here.
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';

/** Headers for one connection only (RFC 9110 7.6.1): never forwarded, either way. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

// Known API areas; anything else is `other`, so a crafted path cannot add label values.
const AREAS = new Set(['tasks', 'tokens', 'chat', 'conversations', 'auth', 'healthz', 'docs']);

/** The proxied path's area (`/api/tasks/7` → `/api/tasks`): bounded, never an id or a title. */
export function routeLabel(pathname) {
  if (pathname === '/mcp' || pathname.startsWith('/mcp/')) return '/mcp';
  const area = /^\/api\/([^/]+)/.exec(pathname)?.[1];
  return area && AREAS.has(area) ? `/api/${area}` : 'other';
}

/** The paths the web app forwards to the API (app/api/[...path] and app/mcp). */
export function isApiPath(url) {
  const pathname = url.split('?', 1)[0];
  return pathname.startsWith('/api/') || pathname === '/mcp';
}

/**
 * The one client address the API may trust: the socket's. The API trusts exactly one hop
 * for its per-address limits, so nothing a client wrote in X-Forwarded-For may pass.
 */
export function clientAddress(socket) {
  return socket.remoteAddress ?? '';
}

/** Methods a proxy may send twice (RFC 9110 9.2.1): the API changes nothing for them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** How a socket closed under a request shows up: reset, or closed before any answer. */
const RESET = new Set(['ECONNRESET', 'EPIPE']);

function unreachable(res, err) {
  const body = JSON.stringify({
    error: { code: 'service_unavailable', message: `The API is not reachable (${err.message})` },
  });
  res.writeHead(502, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * A request handler that forwards to `apiUrl` and streams the answer back unchanged: status,
 * headers (cookies included), body bytes. `observe(labels, seconds)` gets the time to the
 * API's response headers.
 */
export function createApiProxy({ apiUrl, observe = () => {} }) {
  const target = new URL(apiUrl);
  const client = target.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 256 });
  const basePath = target.pathname.replace(/\/+$/, '');

  return function proxy(req, res) {
    const started = performance.now();
    const pathname = req.url.split('?', 1)[0];
    const labels = (status) => ({
      method: req.method,
      route: routeLabel(pathname),
      status_class: status,
    });
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
    }
    headers['x-forwarded-host'] = req.headers.host ?? '';
    headers['x-forwarded-proto'] = req.socket.encrypted ? 'https' : 'http';
    headers['x-forwarded-for'] = clientAddress(req.socket);

    // A request without a body and with a safe method can be sent again: see `send`.
    const retryable =
      SAFE_METHODS.has(req.method) &&
      !req.headers['transfer-encoding'] &&
      (req.headers['content-length'] ?? '0') === '0';
    // Set when the client hangs up first: the upstream error that follows is ours, not the API's.
    let clientClosed = false;
    let upstream;

    const send = (attempt) => {
      upstream = client.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: `${basePath}${req.url}`,
          headers,
          agent,
        },
        (answer) => {
          observe(
            labels(`${Math.floor(answer.statusCode / 100)}xx`),
            (performance.now() - started) / 1000,
          );
          const out = {};
          for (const [name, value] of Object.entries(answer.headers)) {
            if (!HOP_BY_HOP.has(name)) out[name] = value;
          }
          res.writeHead(answer.statusCode, out);
          // A client that hangs up ends the upstream request too (pipeline destroys both).
          pipeline(answer, res, () => {});
        },
      );
      const sent = upstream;
      sent.on('error', (err) => {
        if (clientClosed) {
          observe(labels('client_closed'), (performance.now() - started) / 1000);
          return;
        }
        if (res.headersSent) {
          res.destroy(err);
          return;
        }
        // A kept-alive socket the API closed just as this request went out (an idle timeout,
        // or a pod shutting down): the API never saw the request, so a safe one goes again,
        // once, on a new connection (what Node's docs advise for `request.reusedSocket`).
        if (retryable && attempt === 1 && sent.reusedSocket && RESET.has(err.code)) {
          send(2);
          return;
        }
        observe(labels('unreachable'), (performance.now() - started) / 1000);
        unreachable(res, err);
      });
      if (retryable) sent.end();
      else pipeline(req, sent, () => {});
    };

    res.on('close', () => {
      if (res.writableFinished) return;
      if (!res.headersSent) clientClosed = true;
      upstream.destroy();
    });
    if (retryable) req.resume();
    send(1);
  };
}
