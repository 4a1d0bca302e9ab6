/**
 * Runs once when the server starts. The production entry point (scripts/start.mjs) proxies
 * `/api` itself and records its latency in the metrics registry, so the registry must exist
 * before the first request, not only once a route imports it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/metrics');
}
