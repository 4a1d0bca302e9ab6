import { proxyToApi } from '@/lib/proxy';

export const dynamic = 'force-dynamic';

export const GET = proxyToApi;
export const POST = proxyToApi;
export const PUT = proxyToApi;
export const PATCH = proxyToApi;
export const DELETE = proxyToApi;
export const OPTIONS = proxyToApi;
