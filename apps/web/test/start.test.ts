import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@todo/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real Next server is started this way in test/e2e.test.ts and test/metrics.test.ts; here
// a stand-in server.js (a plain Node http server, as Next's is) and a stand-in API show what a
// request arrives with on each side.
const scripts = path.join(import.meta.dirname, '../scripts');

/** A stand-in API: echoes what it received, answers with two cookies and a streamed body. */
const api = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    res.setHeader('set-cookie', ['a=1; HttpOnly', 'b=2; Path=/']);
    res.setHeader('content-type', 'application/json');
    res.write('{"seen":');
    res.end(JSON.stringify({ url: req.url, method: req.method, headers: req.headers, body }) + '}');
  });
});

function startWeb(apiUrl: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'todo-web-start-'));
  for (const f of ['start.mjs', 'api-proxy.mjs']) {
    copyFileSync(path.join(scripts, f), path.join(dir, f));
  }
  writeFileSync(
    path.join(dir, 'server.js'),
    `require('node:http').createServer((req, res) => res.end('next ' + req.headers['x-forwarded-for']))
       .listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });`,
  );
  const child = spawn(process.execPath, [path.join(dir, 'start.mjs')], {
    stdio: 'pipe',
    env: { ...process.env, API_URL: apiUrl },
  });
  const port = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`start.mjs exited ${code}`)));
  });
  return { child, base: port.then((p) => `http://127.0.0.1:${p}`) };
}

let web: ReturnType<typeof startWeb>;
let apiDown: ReturnType<typeof startWeb>;
beforeAll(async () => {
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  web = startWeb(`http://127.0.0.1:${(api.address() as AddressInfo).port}`);
  // A port just found free, with nothing listening on it: the API is unreachable.
  apiDown = startWeb(`http://127.0.0.1:${await freePort()}`);
});
afterAll(() => {
  web?.child.kill();
  apiDown?.child.kill();
  api.close();
});

interface Seen {
  seen: { url: string; method: string; headers: Record<string, string>; body: string };
}

describe('the web server start script', () => {
  it('replaces a client-chosen X-Forwarded-For with the socket address', async () => {
    const base = await web.base;
    const spoofed = await fetch(`${base}/`, { headers: { 'x-forwarded-for': '6.6.6.6' } });
    expect(await spoofed.text()).toBe('next 127.0.0.1');
  });

  it('forwards /api and /mcp to the API, body, query and cookies unchanged', async () => {
    const base = await web.base;
    const res = await fetch(`${base}/api/tasks?limit=2&q=a%20b`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '6.6.6.6', cookie: 's=1', 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2; Path=/']);
    const { seen } = (await res.json()) as Seen;
    expect(seen).toMatchObject({
      url: '/api/tasks?limit=2&q=a%20b',
      method: 'POST',
      body: 'hello',
    });
    expect(seen.headers).toMatchObject({
      cookie: 's=1',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-host': new URL(base).host,
      'x-forwarded-proto': 'http',
    });
    const mcp = (await (await fetch(`${base}/mcp`)).json()) as Seen;
    expect(mcp.seen.url).toBe('/mcp');
    // Everything else is Next's.
    expect(await (await fetch(`${base}/apix`)).text()).toBe('next 127.0.0.1');
    expect(await (await fetch(`${base}/mcpx`)).text()).toBe('next 127.0.0.1');
  });

  it('answers 502 with a message when the API is not reachable', async () => {
    const res = await fetch(`${await apiDown.base}/api/tasks`);
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('service_unavailable');
    expect(body.error.message).toMatch(/The API is not reachable/);
  });
});
