#!/usr/bin/env node
// First-load JavaScript of a route of the production build, gzipped: the framework's root
// chunks plus the route's own entry chunks, as a browser downloads them on a first visit
// (the legacy polyfills are `nomodule` scripts that modern browsers skip, so not counted).
// Usage: node scripts/first-load.mjs [route]   (default "/"; run `pnpm build` first)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const next = path.resolve(import.meta.dirname, '../.next');
const route = process.argv[2] ?? '/';
const key = route === '/' ? '/page' : `${route}/page`;
globalThis.self = globalThis;
const manifestFile = path.join(next, 'server/app', `${key}_client-reference-manifest.js`);
// The manifest is a script that assigns globalThis.__RSC_MANIFEST.
new Function(readFileSync(manifestFile, 'utf8'))();
const rsc = globalThis.__RSC_MANIFEST[key];
const build = JSON.parse(readFileSync(path.join(next, 'build-manifest.json'), 'utf8'));
const files = new Set([...build.rootMainFiles, ...Object.values(rsc.entryJSFiles).flat()]);
let total = 0;
for (const file of files) total += gzipSync(readFileSync(path.join(next, file))).length;
const kb = Math.round(total / 102.4) / 10;
console.log(`${route}: ${kb} kB gzipped first-load JS in ${files.size} files`);
if (process.env.FIRST_LOAD_MAX_KB && kb > Number(process.env.FIRST_LOAD_MAX_KB)) {
  console.error(`over the budget of ${process.env.FIRST_LOAD_MAX_KB} kB`);
  process.exit(1);
}
