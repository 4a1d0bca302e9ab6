import { cpSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { migrationsFolder } from '@todo/db';

// One ESM bundle per entry point: our workspace packages are inlined, npm packages stay
// external and are installed as production dependencies next to it.
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/server.ts', 'src/migrate.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  plugins: [
    {
      name: 'externalise-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@todo/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  logLevel: 'warning',
});
cpSync(migrationsFolder(), 'dist/drizzle', { recursive: true });
console.log('built dist/server.js and dist/migrate.js');
