import 'server-only';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

interface WebMetrics {
  register: Registry;
  upstream: Histogram<'method' | 'route' | 'status_class'>;
}

export { routeLabel } from '../scripts/api-proxy.mjs';

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
