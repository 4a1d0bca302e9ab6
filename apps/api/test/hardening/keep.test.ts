import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, signUp, startTestApp, type TestApp } from '../helpers';

// What already held when issue 18 was filed, kept covered here.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const mcp = (token: string, payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/mcp',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream' },
    payload: payload as object,
  });
const listTools = { jsonrpc: '2.0', id: 1, method: 'tools/list' };

describe('still holds', () => {
  it('a tampered or made-up session cookie is refused', async () => {
    const user = await signUp(t.app);
    const [name, value] = user.cookie.split('=') as [string, string];
    const [token, signature] = decodeURIComponent(value).split('.') as [string, string];
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    for (const cookie of [
      `${name}=${encodeURIComponent(`${token}.${flipped}`)}`,
      `${name}=${encodeURIComponent(`${token}x.${signature}`)}`,
      `${name}=garbage`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie } });
      expect(res.statusCode).toBe(401);
    }
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    await signUp(t.app, 'flags@example.com');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'flags@example.com', password: 'correct horse battery' },
    });
    const session = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('better-auth.session_token='));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
  });

  it('refuses __proto__ and constructor keys in JSON bodies', async () => {
    const user = await signUp(t.app);
    for (const payload of [
      '{"title":"x","__proto__":{"admin":true}}',
      '{"title":"x","constructor":{"prototype":{"admin":true}}}',
    ]) {
      const res = await user.request({
        method: 'POST',
        url: '/api/tasks',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(400);
    }
  });

  it('rejects a revoked token at once on REST and MCP', async () => {
    const user = await signUp(t.app);
    const token = await createToken(user);
    expect((await mcp(token, listTools)).statusCode).toBe(200);
    const { items } = (await user.request({ method: 'GET', url: '/api/tokens' })).json<{
      items: { id: string }[];
    }>();
    await user.request({ method: 'DELETE', url: `/api/tokens/${items[0]!.id}` });
    expect((await mcp(token, listTools)).statusCode).toBe(401);
    const rest = await t.app.inject({
      method: 'GET',
      url: '/api/tasks',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rest.statusCode).toBe(401);
  });

  it('caps a JSON-RPC batch on /mcp by the body limit', async () => {
    const user = await signUp(t.app);
    const token = await createToken(user);
    const batch = Array.from({ length: 5000 }, (_, id) => ({ ...listTools, id }));
    const res = await mcp(token, batch);
    expect(res.statusCode).toBe(413);
  });
});
