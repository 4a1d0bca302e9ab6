import path from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // A self-contained server (node apps/web/server.js) for the container image.
  output: 'standalone',
  outputFileTracingRoot: path.join(import.meta.dirname, '../..'),
  // Our workspace packages ship TypeScript source.
  transpilePackages: ['@todo/contracts', '@todo/language'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // The build checks the app's own code; tests (which may import the API's test helpers, absent
  // from the image's pruned workspace) are checked by `pnpm typecheck` with tsconfig.json.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
};

export default config;
