import { apiUrl } from '@/lib/server';

export const dynamic = 'force-dynamic';

/** Readiness: the API behind us answers its own readiness check. */
export async function GET() {
  try {
    const res = await fetch(`${apiUrl()}/readyz`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(2_000),
    });
    if (res.ok) return Response.json({ status: 'ok' });
    return Response.json(
      { error: { code: 'service_unavailable', message: `API readiness answered ${res.status}` } },
      { status: 503 },
    );
  } catch (err) {
    return Response.json(
      {
        error: {
          code: 'service_unavailable',
          message: `API unreachable: ${(err as Error).message}`,
        },
      },
      { status: 503 },
    );
  }
}
