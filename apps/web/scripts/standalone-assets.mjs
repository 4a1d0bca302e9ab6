// `next build` leaves static assets out of the standalone server; copy them in so that
// `.next/standalone` is self-contained (as the Docker runner stage expects).
import { cpSync, existsSync } from 'node:fs';

const target = '.next/standalone/apps/web';
cpSync('.next/static', `${target}/.next/static`, { recursive: true });
if (existsSync('public')) cpSync('public', `${target}/public`, { recursive: true });
console.log(`copied .next/static and public into ${target}`);
