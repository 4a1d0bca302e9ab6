// `next build` leaves static assets out of the standalone server; copy them in so that
// `.next/standalone` is self-contained (as the Docker runner stage expects).
import { cpSync, existsSync } from 'node:fs';

const target = '.next/standalone/apps/web';
cpSync('.next/static', `${target}/.next/static`, { recursive: true });
if (existsSync('public')) cpSync('public', `${target}/public`, { recursive: true });
// The entry point: Next's server.js behind the client-address rule and the API proxy.
cpSync('scripts/start.mjs', `${target}/start.mjs`);
cpSync('scripts/api-proxy.mjs', `${target}/api-proxy.mjs`);
console.log(`copied .next/static, public, start.mjs and api-proxy.mjs into ${target}`);
