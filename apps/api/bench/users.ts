/** Setting up the bench's users over HTTP: shared by run.ts, chat-cost.ts and chat-flood.ts. */

/** The origin the bench's API trusts (its auth routes check it). */
export const trustedOrigin = 'http://localhost:3000';

/** A JSON request to the API that must succeed. */
export async function call(base: string, url: string, init: RequestInit & { headers?: object }) {
  const res = await fetch(`${base}${url}`, {
    ...init,
    headers: { 'content-type': 'application/json', origin: trustedOrigin, ...init.headers },
  });
  if (!res.ok) throw new Error(`${init.method} ${url}: ${res.status} ${await res.text()}`);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

/** A signed-up user: their session cookie, a personal token and their id. */
export async function user(base: string, email: string, password = 'bench password') {
  await call(base, '/api/auth/sign-up/email', {
    method: 'POST',
    body: JSON.stringify({ email, password, name: 'Bench' }),
  });
  // Sign-up does not sign in (so it cannot tell which emails exist): sign in next.
  const { res, body } = await call(base, '/api/auth/sign-in/email', {
    method: 'POST',
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = await call(base, '/api/tokens', {
    method: 'POST',
    headers: { cookie },
    body: '{}',
  });
  return {
    id: (body.user as { id: string }).id,
    cookie: { cookie, origin: trustedOrigin },
    bearer: { authorization: `Bearer ${token.body.token as string}` },
  };
}
