import 'server-only';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

interface WebMetrics {
  register: Registry;
  upstream: Histogram<'method' | 'route' | 'status_class'>;
}

// Known API areas; anything else is `other`, so a crafted path cannot add label values.
const areas = new Set(['tasks', 'tokens', 'chat', 'conversations', 'auth', 'healthz', 'docs']);

/** The proxied path's area (`/api/tasks/7` → `/api/tasks`): bounded, never an id or a title. */
export function routeLabel(pathname: string): string {
  if (pathname === '/mcp' || pathname.startsWith('/mcp/')) return '/mcp';
  const area = /^\/api\/([^/]+)/.exec(pathname)?.[1];
  return area && areas.has(area) ? `/api/${area}` : 'other';
}

function create(): WebMetrics {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const upstream = new Histogram({
    name: 'web_proxy_upstream_duration_seconds',
    help: 'Time the API took to answer a proxied request (to its response headers)',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  return { register, upstream };
}

// One registry per process: route handlers may be bundled into separate module copies.
const holder = globalThis as typeof globalThis & { __todoWebMetrics?: WebMetrics };
export const webMetrics = (holder.__todoWebMetrics ??= create());
