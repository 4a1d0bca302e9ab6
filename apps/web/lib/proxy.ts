import 'server-only';
import { HOP_BY_HOP } from '../scripts/api-proxy.mjs';
import { routeLabel, webMetrics } from './metrics';
import { apiUrl } from './server';

// Under `next dev` only: in production scripts/start.mjs forwards these paths before Next.
// Fetch sets Host and Content-Length itself; the rest are for one connection only.
const dropped = new Set([...HOP_BY_HOP, 'host', 'content-length']);

/**
 * Forwards a request to the API and streams the answer back unchanged: status, cookies,
 * headers and body. Same-origin for the browser, so no CORS and no API URL in the bundle.
 */
export async function proxyToApi(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${apiUrl()}${incoming.pathname}${incoming.search}`;
  const headers = new Headers(request.headers);
  for (const h of dropped) headers.delete(h);
  headers.set('x-forwarded-host', request.headers.get('host') ?? incoming.host);
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''));
  // One address, the client's socket (scripts/start.mjs puts it there): the API trusts this
  // one hop for its per-address limits, so nothing a client wrote may pass through.
  const client = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  if (client) headers.set('x-forwarded-for', client);
  else headers.delete('x-forwarded-for');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  const started = performance.now();
  const observe = (status: string) =>
    webMetrics.upstream.observe(
      { method: request.method, route: routeLabel(incoming.pathname), status_class: status },
      (performance.now() - started) / 1000,
    );
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      // Stream request bodies through instead of buffering them.
      ...(hasBody ? { duplex: 'half' } : {}),
      redirect: 'manual',
      cache: 'no-store',
    } as RequestInit);
  } catch (err) {
    observe('unreachable');
    return Response.json(
      {
        error: {
          code: 'service_unavailable',
          message: `The API is not reachable (${(err as Error).message})`,
        },
      },
      { status: 502 },
    );
  }
  observe(`${Math.floor(upstream.status / 100)}xx`);
  const out = new Headers();
  upstream.headers.forEach((value, key) => {
    if (!dropped.has(key) && key !== 'set-cookie' && key !== 'content-encoding') {
      out.set(key, value);
    }
  });
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(upstream.body, { status: upstream.status, headers: out });
}
