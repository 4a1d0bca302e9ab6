import 'server-only';
import { cookies } from 'next/headers';

/** Where the API is, read at run time: one built image works against any API address. */
export function apiUrl(): string {
  return (process.env.API_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
}

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

export type SessionState =
  | { kind: 'signed-in'; user: SessionUser }
  | { kind: 'signed-out' }
  | { kind: 'api-down'; reason: string };

/** Asks the API who the browser's cookie belongs to, on the server, before rendering. */
export async function getSession(): Promise<SessionState> {
  const cookie = (await cookies()).toString();
  if (!cookie) return { kind: 'signed-out' };
  try {
    const res = await fetch(`${apiUrl()}/api/auth/get-session`, {
      headers: { cookie },
      cache: 'no-store',
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) return { kind: 'api-down', reason: `the API answered ${res.status}` };
    const body = (await res.json()) as { user?: SessionUser } | null;
    return body?.user ? { kind: 'signed-in', user: body.user } : { kind: 'signed-out' };
  } catch (err) {
    return { kind: 'api-down', reason: (err as Error).message };
  }
}
