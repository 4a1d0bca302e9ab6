export const dynamic = 'force-dynamic';

/** Liveness: the web server runs. Never calls the API, so an API outage restarts nothing. */
export function GET() {
  return Response.json({ status: 'ok' });
}
