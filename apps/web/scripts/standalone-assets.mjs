// `next build` leaves static assets out of the standalone server; copy them in so that
// `.next/standalone` is self-contained (as the Docker runner stage expects).
import { cpSync, existsSync } from 'node:fs';

const target = '.next/standalone/apps/web';
cpSync('.next/static', `${target}/.next/static`, { recursive: true });
if (existsSync('public')) cpSync('public', `${target}/public`, { recursive: true });
// The entry point: Next's server.js with X-Forwarded-For taken from the socket.
cpSync('scripts/start.mjs', `${target}/start.mjs`);
console.log(`copied .next/static, public and start.mjs into ${target}`);
