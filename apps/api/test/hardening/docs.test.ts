import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers';

// The OpenAPI document (/docs) covers every route a client can call, auth and MCP included.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('/docs', () => {
  it('documents the auth routes, their limits and the enumeration-safe sign-up', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const signUp = doc.paths['/api/auth/sign-up/email']?.post;
    expect(signUp.requestBody.content['application/json'].schema.required).toEqual([
      'email',
      'password',
      'name',
    ]);
    expect(signUp.description).toMatch(/same answer whether or not the email/i);
    expect(Object.keys(signUp.responses)).toEqual(expect.arrayContaining(['200', '400', '429']));
    const signIn = doc.paths['/api/auth/sign-in/email']?.post;
    expect(Object.keys(signIn.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
    expect(doc.paths['/api/auth/sign-out']?.post.description).toMatch(/Origin/);
    expect(doc.paths['/api/auth/get-session']?.get).toBeDefined();
  });

  it('documents /mcp as MCP Streamable HTTP with a bearer token', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const mcp = doc.paths['/mcp'];
    expect(mcp.post.security).toEqual([{ bearer: [] }]);
    expect(mcp.post.description).toMatch(/Streamable HTTP/);
    expect(mcp.post.description).toMatch(/add_task/);
    expect(Object.keys(mcp.get.responses)).toContain('405');
  });
});
