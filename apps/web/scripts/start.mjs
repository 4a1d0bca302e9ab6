// Starts Next's standalone server (server.js next to this file, as the build leaves it) so
// that every request's X-Forwarded-For is the address of the socket it arrived on. Next
// keeps a client's own X-Forwarded-For, and the API limits sign-in attempts per address:
// without this a client could name any address it likes. See lib/proxy.ts.
import http from 'node:http';

// The same object Next's require('http') gets, so its server is made by this function.
const createServer = http.createServer;
http.createServer = function createServerWithClientAddress(...args) {
  const server = createServer.apply(this, args);
  server.prependListener('request', (req) => {
    req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  });
  return server;
};

await import(new URL(process.env.NEXT_SERVER_JS ?? './server.js', import.meta.url).href);
