'use client';

/** A failed API call, with the API's own message (it names the field on a 400). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Calls the API through the same-origin proxy. A 401 sends the user to sign in. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure(0, 'Cannot reach the server. Check your connection and try again.');
  }
  if (res.status === 401 && !path.startsWith('/api/auth/')) {
    window.location.assign('/sign-in?expired=1');
    throw new ApiFailure(401, 'Your session has ended. Please sign in again.');
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as
    (T & { error?: { code: string; message: string } }) | null;
  if (!res.ok) {
    const message =
      body?.error?.message ??
      (res.status >= 500
        ? 'The server is having trouble right now. Try again in a moment.'
        : `Request failed (${res.status})`);
    throw new ApiFailure(res.status, message, body?.error?.code);
  }
  return body as T;
}

export const json = (value: unknown) => JSON.stringify(value);

export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
