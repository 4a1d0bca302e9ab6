#!/usr/bin/env tsx
/**
 * Builds the app images with BuildKit and tags them by content (never `latest`):
 *   pnpm run build-image [--app api|web] [--node-image IMAGE] [--network host] [--force] [--json]
 * Writes apps/<app>/.image-ref.json for turbo and the deploy step.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  apps,
  buildImage,
  ImageError,
  realRunner,
  resolveTool,
  scriptEnv,
  type AppName,
} from '@todo/infra';
import { fail, repoRoot } from './lib/cli';

const { values } = parseArgs({
  options: {
    app: { type: 'string', multiple: true },
    'node-image': { type: 'string' },
    network: { type: 'string' },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const chosen = (values.app?.length ? values.app : [...apps]) as AppName[];
for (const app of chosen) {
  if (!apps.includes(app)) fail(`--app must be one of ${apps.join(', ')} (got "${app}")`);
}

const docker = resolveTool('docker', 'DOCKER');
const env = scriptEnv();
const results = [];
for (const app of chosen) {
  const started = Date.now();
  try {
    const image = await buildImage({
      runner: realRunner,
      docker,
      repoRoot,
      app,
      nodeImage: values['node-image'] ?? env.nodeImage,
      network: values.network ?? env.buildNetwork,
      // Behind a TLS-intercepting proxy the CA that Node trusts is handed to the build too.
      caFile: env.caFile,
      revision: env.gitCommit,
      force: values.force,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    writeFileSync(
      path.join(repoRoot, 'apps', app, '.image-ref.json'),
      `${JSON.stringify(image)}\n`,
    );
    results.push({ ...image, seconds: Number(seconds) });
    if (!values.json)
      console.log(`${image.built ? 'built ' : 'cached'} ${image.ref} (${seconds}s)`);
  } catch (err) {
    if (err instanceof ImageError) fail(err.message);
    throw err;
  }
}
if (values.json) console.log(JSON.stringify(results, null, 2));
