import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';
import fp from 'fastify-plugin';

/** The headers a response carries from Fastify alone, whatever plugin is registered. */
async function probeHeaders(helmet?: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  if (helmet) await probe.register(fastifyHelmet, helmet);
  probe.get('/', () => '');
  const res = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  return Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
}

/**
 * helmet's security headers (CSP, HSTS, frame and referrer policies, …), worked out once at
 * start and set on every response. @fastify/helmet builds helmet's middleware again for each
 * request (the CSP directives checked and joined each time): 3-5 % of the API's CPU per
 * request in the bench's profiles, for headers that never change. They are set on the raw
 * response, as helmet sets them, so a route that writes the response itself carries them too.
 */
export default fp<FastifyHelmetOptions>(async function securityHeaders(app, options) {
  const [bare, withHelmet] = await Promise.all([probeHeaders(), probeHeaders(options)]);
  const headers = Object.entries(withHelmet).filter(([name]) => !(name in bare));
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
});
