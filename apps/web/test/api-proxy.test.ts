import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@todo/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiProxy, type ProxyLabels } from '../scripts/api-proxy.mjs';

// The production proxy (scripts/api-proxy.mjs) in this process, in front of a stand-in API on
// loopback: what its upstream metric records for each way a request can end.

const listen = (server: http.Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

/** A proxy to `apiUrl` on its own server, with every metric observation it makes. */
async function proxyTo(apiUrl: string) {
  const observed: ProxyLabels[] = [];
  let notify = () => {};
  const proxy = createApiProxy({
    apiUrl,
    observe: (labels) => {
      observed.push(labels);
      notify();
    },
  });
  const server = http.createServer(proxy);
  const base = await listen(server);
  /** Resolves once the proxy has recorded something. */
  const firstObservation = () =>
    new Promise<ProxyLabels>((resolve) => {
      if (observed.length) return resolve(observed[0]!);
      notify = () => resolve(observed[0]!);
    });
  return { server, base, observed, firstObservation };
}

// Holds every request it receives, unanswered, until the test lets go.
const held: http.ServerResponse[] = [];
const requestArrived: (() => void)[] = [];
const slowApi = http.createServer((_req, res) => {
  held.push(res);
  requestArrived.shift()?.();
});
let slowApiUrl: string;
const servers: http.Server[] = [];

beforeAll(async () => {
  slowApiUrl = await listen(slowApi);
});
afterAll(() => {
  for (const res of held) res.destroy();
  slowApi.close();
  for (const s of servers) s.close();
});

describe('the API proxy metric', () => {
  it('records a client that hangs up before the API answers as client_closed, not unreachable', async () => {
    const p = await proxyTo(slowApiUrl);
    servers.push(p.server);
    const arrived = new Promise<void>((r) => requestArrived.push(r));
    const client = http.get(`${p.base}/api/chat`);
    client.on('error', () => {}); // the hang-up below
    await arrived; // the request is at the API, which has not answered
    client.destroy();
    expect(await p.firstObservation()).toEqual({
      method: 'GET',
      route: '/api/chat',
      status_class: 'client_closed',
    });
    expect(p.observed).toHaveLength(1);
  });

  it('records a hang-up in the middle of the request body as client_closed too', async () => {
    const p = await proxyTo(slowApiUrl);
    servers.push(p.server);
    const arrived = new Promise<void>((r) => requestArrived.push(r));
    const client = http.request(`${p.base}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '1000' },
    });
    client.on('error', () => {});
    client.write('{"title":'); // and never the rest
    await arrived;
    client.destroy();
    expect(await p.firstObservation()).toMatchObject({ status_class: 'client_closed' });
    expect(p.observed).toHaveLength(1);
  });

  it('still records an API that cannot be reached as unreachable, with a 502', async () => {
    // A port just found free, with nothing listening on it.
    const p = await proxyTo(`http://127.0.0.1:${await freePort()}`);
    servers.push(p.server);
    const res = await fetch(`${p.base}/api/tasks`);
    expect(res.status).toBe(502);
    expect(await p.firstObservation()).toEqual({
      method: 'GET',
      route: '/api/tasks',
      status_class: 'unreachable',
    });
  });
});

// Answers the first request on each connection (keeping it alive), then closes the connection
// the moment a second request arrives on it, unanswered: the race in which an API closes an idle
// keep-alive socket (its timeout, or a pod shutting down) just as the proxy reuses it.
function closesReusedSockets() {
  const seen: string[] = [];
  const perSocket = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    seen.push(`${req.method} ${req.url} #${n}`);
    if (n > 1) return req.socket.destroy();
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  servers.push(server);
  return { server, seen };
}

describe('the API proxy on a kept-alive socket the API has just closed', () => {
  it('sends a GET again on a new connection instead of answering 502', async () => {
    const api = closesReusedSockets();
    const p = await proxyTo(await listen(api.server));
    servers.push(p.server);
    expect((await fetch(`${p.base}/api/tasks`)).status).toBe(200);
    const second = await fetch(`${p.base}/api/tasks?limit=5`);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('ok');
    expect(api.seen).toEqual([
      'GET /api/tasks #1',
      'GET /api/tasks?limit=5 #2',
      'GET /api/tasks?limit=5 #1',
    ]);
    expect(p.observed.map((o) => o.status_class)).toEqual(['2xx', '2xx']);
  });

  it('never sends a POST twice: the API may have acted on it, so the client gets the 502', async () => {
    const api = closesReusedSockets();
    const p = await proxyTo(await listen(api.server));
    servers.push(p.server);
    const post = () =>
      fetch(`${p.base}/api/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title":"once"}',
      });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(502);
    expect(api.seen).toEqual(['POST /api/tasks #1', 'POST /api/tasks #2']);
  });
});
