#!/usr/bin/env tsx
/**
 * Deploys the app to a local cluster: images → namespaces → postgres → backend → frontend.
 *   pnpm run deploy [--context NAME] [--namespace-prefix todo-] [--values [RELEASE=]FILE]... [--dry-run] [--json] [--start] [--watch]
 *                   [--image-loader minikube|kind|k3d|docker-desktop|containerd|none]
 * (`pnpm deploy` is a pnpm built-in: use `pnpm run deploy` or `pnpm turbo deploy`.)
 * Secrets (OPENAI_API_KEY) come from the environment or .env and go to Helm on stdin.
 */
import './lib/env-file';
import { existsSync, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  apps,
  buildImage,
  chooseImageLoader,
  createWatcher,
  IMAGE_LOADERS,
  ImageLoaderError,
  isImageLoader,
  debouncer,
  deployPlan,
  helmLint,
  loadBlueprint,
  partialPlan,
  watchRollout,
  formatPlan,
  helmMajorVersion,
  imageName,
  imageTag,
  ImageError,
  namespaces,
  realRunner,
  releases,
  runPlan,
  scriptEnv,
  type AppName,
  type ImageLoader,
} from '@todo/infra';
import { fail, repoRoot } from './lib/cli';
import { checkPrefix, clusterOrFail, tools as toolPaths } from './lib/cluster';
import { progress } from './lib/progress';
import { appPort } from './lib/port-forward';

const { values } = parseArgs({
  options: {
    context: { type: 'string' },
    'namespace-prefix': { type: 'string', default: 'todo-' },
    values: { type: 'string', multiple: true, default: [] },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    start: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '5m0s' },
    watch: { type: 'boolean', default: false },
    'image-loader': { type: 'string' },
  },
});
const loaderFlag = values['image-loader'];
if (loaderFlag !== undefined && !isImageLoader(loaderFlag)) {
  fail(`--image-loader must be one of ${IMAGE_LOADERS.join(', ')} (got "${loaderFlag}")`);
}
const prefix = checkPrefix(values['namespace-prefix']!);
// --values FILE goes to every release; --values RELEASE=FILE to that release only.
const releaseNames = releases.map((r) => r.name);
const sharedValues: string[] = [];
const releaseValues: Record<string, string[]> = {};
for (const v of values.values!) {
  const m = /^([a-z0-9-]+)=(.+)$/.exec(v);
  const [release, file] = m && releaseNames.includes(m[1]!) ? [m[1]!, m[2]!] : [undefined, v];
  if (!existsSync(file)) fail(`--values file not found: ${file}`);
  if (release) (releaseValues[release] ??= []).push(path.resolve(file));
  else sharedValues.push(path.resolve(file));
}

const tools = toolPaths();
const env = scriptEnv();
const log = (line: string) => {
  if (!values.json) console.log(line);
};
const started = Date.now();

if (values.start && !values['dry-run']) {
  const status = await realRunner
    .run(tools.minikube, ['status', '--format', '{{.Host}}'])
    .catch(() => null);
  if (status?.stdout.trim() !== 'Running') {
    log('starting minikube…');
    const r = await realRunner.run(tools.minikube, ['start'], { stream: !values.json });
    if (r.exitCode !== 0)
      fail('minikube start failed: run `minikube start` yourself to see why, then deploy again');
  }
}

const cluster = await clusterOrFail(tools.kubectl, values.context);

let helmMajor: number;
try {
  helmMajor = await helmMajorVersion(realRunner, tools.helm);
} catch {
  fail(`helm was not found (looked for "${tools.helm}"): install Helm 3.18+ or 4, or set HELM`);
}
if (helmMajor < 3) fail(`Helm ${helmMajor} is too old: install Helm 3.18+ or 4`);

/** How this script builds an image, for the first deploy and for --watch alike. */
const imageOptions = (app: AppName) => ({
  runner: realRunner,
  docker: tools.docker,
  repoRoot,
  app,
  nodeImage: env.nodeImage,
  network: env.buildNetwork,
  caFile: env.caFile,
});

/** The image refs: from `build-image` (turbo's cached output), built now if missing. */
async function imageRef(app: AppName): Promise<string> {
  const file = path.join(repoRoot, 'apps', app, '.image-ref.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { ref: string }).ref;
  if (values['dry-run']) return `${imageName(app)}:${await imageTag(imageOptions(app))}`;
  return (await buildImage(imageOptions(app))).ref;
}
let images: { api: string; web: string };
try {
  const [api, web] = await Promise.all(apps.map(imageRef));
  images = { api: api!, web: web! };
} catch (err) {
  if (err instanceof ImageError) fail(err.message);
  throw err;
}

let imageLoader;
try {
  imageLoader = await chooseImageLoader({
    runner: realRunner,
    kubectl: tools.kubectl,
    cluster,
    explicit: loaderFlag as ImageLoader | undefined,
  });
} catch (err) {
  if (err instanceof ImageLoaderError) fail(err.message);
  throw err;
}
// The test cluster has no registry: `cluster up` leaves the values that select its local
// postgres stand-in (docs/test-cluster.md); any other cluster gets the chart's defaults.
const testClusterPostgres = path.join(repoRoot, '.cluster', 'values', 'postgres.yaml');
const clusterValues =
  cluster.kind === 'todo-ci' && existsSync(testClusterPostgres)
    ? { postgres: [testClusterPostgres] }
    : {};

const localPort = appPort();
const ns = namespaces(prefix);
const planOptions = {
  repoRoot,
  cluster,
  helm: tools.helm,
  helmMajor,
  kubectl: tools.kubectl,
  tools,
  imageLoader,
  clusterValues,
  namespacePrefix: prefix,
  valuesFiles: sharedValues,
  releaseValues,
  secrets: { openaiApiKey: env.openaiApiKey },
  trustedOrigins: [`http://127.0.0.1:${localPort}`, `http://localhost:${localPort}`],
  timeout: values.timeout,
};
const steps = deployPlan({ ...planOptions, images });
const openHint = `kubectl --context ${cluster.context} -n ${ns.frontend} port-forward svc/todo-frontend ${localPort}:80`;

if (values['dry-run']) {
  if (values.json) {
    console.log(
      JSON.stringify(
        { cluster, helmMajor, images, steps: steps.map(({ input: _secret, ...s }) => s) },
        null,
        2,
      ),
    );
  } else {
    console.log(
      `Plan for ${cluster.kind} context "${cluster.context}" (Helm ${helmMajor}); nothing was changed:\n`,
    );
    console.log(formatPlan(steps));
    console.log(`\nThen open the app:\n   ${openHint}\n   http://127.0.0.1:${localPort}`);
  }
  process.exit(0);
}

log(
  `deploying to ${cluster.kind} context "${cluster.context}" (Helm ${helmMajor}); images: ${imageLoader.loader} (${imageLoader.reason})`,
);
const bar = progress(!values.json);
// The release being rolled out, watched so a failure can be explained after Helm's rollback.
let watching: ReturnType<typeof watchRollout> | undefined;
const results = await runPlan(
  realRunner,
  steps,
  (r) => {
    if (r.ok) void watching?.stop();
    bar.end(
      `${r.skipped ? '=' : r.ok ? '✓' : '✗'} ${r.step.title}${r.skipped ? ' (already there)' : ` (${(r.ms / 1000).toFixed(1)}s)`}`,
    );
  },
  (step) => {
    if (step.kind === 'release' && step.release && step.namespace)
      watching = watchRollout(
        realRunner,
        tools.kubectl,
        cluster.context,
        step.namespace,
        step.release,
      );
    bar.start(step.title);
  },
);
const failed = results.find((r) => !r.ok);
if (failed) {
  const { kind, release, namespace } = failed.step;
  let report = failed.output.trim().split('\n').slice(-5).join('\n');
  if (kind === 'release' && release && namespace && watching) {
    report += `\n\n${await watching.diagnose()}`;
  }
  if (values.json)
    console.log(JSON.stringify({ ok: false, failed: failed.step.title, report }, null, 2));
  else console.error(`\n${report}`);
  process.exit(1);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (values.json) {
  console.log(
    JSON.stringify(
      { ok: true, cluster, images, seconds: Number(seconds), open: openHint },
      null,
      2,
    ),
  );
} else {
  console.log(
    `\ndeployed in ${seconds}s. Open the app:\n   ${openHint}\n   http://127.0.0.1:${localPort}`,
  );
}

if (values.watch) {
  const deployed = { ...images };
  const blueprint = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml'));
  const watcher = createWatcher({
    current: { api: images.api.split(':').at(-1), web: images.web.split(':').at(-1) },
    // The same tag computation as the build, so an unchanged image is recognised as such.
    nextTag: (app) => imageTag(imageOptions(app)),
    build: async (app) => {
      const built = await buildImage(imageOptions(app));
      deployed[app] = built.ref;
      return built.ref;
    },
    lint: async () =>
      (await helmLint({ runner: realRunner, helm: tools.helm, repoRoot, blueprint })).problems.map(
        (p) => `${p.chart}: ${p.message.split('\n')[0]}`,
      ),
    plan: (refs, releases, namespaces) =>
      partialPlan(deployPlan({ ...planOptions, images: deployed }), {
        images: Object.values(refs) as string[],
        releases,
        namespaces,
      }),
    run: async (step) => {
      const r = await realRunner.run(step.command, step.args, { input: step.input });
      return { ok: r.exitCode === 0, output: `${r.stdout}${r.stderr}` };
    },
    status: (release, state, detail) => {
      const time = new Date().toLocaleTimeString();
      console.log(`${time}  ${release.padEnd(14)} ${state}${detail ? ` — ${detail}` : ''}`);
    },
  });
  const batches = debouncer(400, (paths) => void watcher.onBatch(paths));
  // Recursive watches on the three source trees; build output and node_modules are ignored.
  const watchers = ['apps', 'packages', 'k8s'].map((dir) =>
    watch(path.join(repoRoot, dir), { recursive: true }, (_event, file) => {
      if (file) batches.push(path.posix.join(dir, String(file).split(path.sep).join('/')));
    }),
  );
  console.log(
    `\nwatching apps/, packages/ and k8s/: changes are rebuilt and rolled out; Ctrl-C stops watching (the app keeps running)`,
  );
  process.on('SIGINT', () => {
    batches.cancel();
    for (const w of watchers) w.close();
    console.log('\nstopped watching; the app keeps running');
    process.exit(0);
  });
}
