import { webMetrics } from '@/lib/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus metrics of the web server itself (the API's own are not reachable from here). */
export async function GET() {
  return new Response(await webMetrics.register.metrics(), {
    headers: { 'content-type': webMetrics.register.contentType },
  });
}
