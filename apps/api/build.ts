import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { migrationsFolder } from '@todo/db';
import { escapeNonAscii } from './build-ascii';

/**
 * Bundles the server and the migration runner into dist/ with every dependency inlined,
 * except PGlite (WebAssembly and data files it loads from its own folder). The container
 * image then needs dist/ and that one package: no node_modules tree to ship.
 */
export const EXTERNAL = ['@electric-sql/pglite', 'pg-native'];

/**
 * The largest dependencies, each made an entry point of its own so that code splitting puts
 * it in a module (chunk) of its own. Node compiles every module separately and V8 frees a
 * module's compile-time memory before the next one, so the peak is the largest module's, not
 * the whole bundle's: in the image (Node 24) V8's malloc peak at start fell from 13 to 5.5 MB
 * and glibc's main arena from 15 to 7 MB. The `vendor-*.js` files themselves are never loaded.
 */
const VENDOR_CHUNKS = [
  'zod',
  'better-auth',
  'fastify',
  'drizzle-orm',
  '@fastify/swagger',
  '@modelcontextprotocol/sdk/server/mcp.js',
  'pg',
];

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: {
    server: 'src/server.ts',
    migrate: 'src/migrate.ts',
    ...Object.fromEntries(
      VENDOR_CHUNKS.map((p) => [`vendor-${p.replace(/^@/, '').replace(/[/.]/g, '-')}`, p]),
    ),
  },
  // Chunks beside the entry points: code that finds files from its own location
  // (import.meta.url, __dirname) sees dist/ wherever esbuild put it.
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Whitespace and syntax only: with short identifiers (`minify: true`) V8's parser needed
  // 20 MB of zone memory to compile the bundle's top level, 3.7 MB without, and glibc keeps
  // that memory resident after it is freed (the main arena stayed at 24 MB for the
  // process's life; 5-7 MB now). The bundle grows from 2.8 to 4.0 MB, held once in the heap.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  sourcemap: 'linked',
  legalComments: 'linked',
  external: EXTERNAL,
  // CommonJS dependencies inside an ES module bundle still use require() and __dirname.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
  logLevel: 'warning',
});
// esbuild leaves non-ASCII characters in regular expression literals; one of them makes V8
// store the whole source with two bytes per character (build-ascii.ts).
for (const file of readdirSync('dist')
  .filter((f) => f.endsWith('.js'))
  .map((f) => `dist/${f}`)) {
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { mappings: string };
  const escaped = escapeNonAscii(readFileSync(file, 'utf8'), map.mappings);
  writeFileSync(file, escaped.code);
  writeFileSync(`${file}.map`, JSON.stringify({ ...map, mappings: escaped.mappings }));
}
cpSync(migrationsFolder(), 'dist/drizzle', { recursive: true });
// The /docs UI's static files, which @fastify/swagger-ui would look up next to its source.
const require = createRequire(import.meta.url);
const swaggerUi = path.join(path.dirname(require.resolve('@fastify/swagger-ui')), 'static');
mkdirSync('dist/static', { recursive: true });
cpSync(swaggerUi, 'dist/static', { recursive: true });
console.log(
  'built dist/server.js, dist/migrate.js (and their chunks), dist/drizzle and dist/static (docs UI)',
);
