import { proxyToApi } from '@/lib/proxy';

// MCP clients can use the app's own URL (…/mcp) instead of knowing where the API runs.
export const dynamic = 'force-dynamic';

export const GET = proxyToApi;
export const POST = proxyToApi;
export const DELETE = proxyToApi;
