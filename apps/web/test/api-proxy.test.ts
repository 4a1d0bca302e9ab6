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
