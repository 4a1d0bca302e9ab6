#!/usr/bin/env tsx
/**
 * Builds both images and runs them the way the cluster will — host network on loopback,
 * read-only root filesystem with a tmpfs /tmp, user 1000, no capabilities, no privilege
 * escalation, a memory limit — against a real PostgreSQL, then runs the smoke test through
 * the web container. With --measure it also reports sizes, cold starts, idle RSS and
 * rebuild times (`pnpm bench:images`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startPostgres } from '@todo/db/testing';
import {
  buildImage,
  imageExists,
  realRunner,
  resolveTool,
  runSmoke,
  scriptEnv,
  type AppName,
} from '@todo/infra';
import { fail, repoRoot } from '../lib/cli';

const env = scriptEnv();
const { values } = parseArgs({
  options: {
    'node-image': { type: 'string', default: env.nodeImage },
    network: { type: 'string', default: env.buildNetwork ?? 'host' },
    measure: { type: 'boolean', default: false },
  },
});
const docker = resolveTool('docker', 'DOCKER');
const run = (args: string[]) => realRunner.run(docker, args);
const nodeImage = values['node-image'];
const build = (app: AppName, force = false) =>
  buildImage({
    runner: realRunner,
    docker,
    repoRoot,
    app,
    nodeImage,
    network: values.network,
    caFile: env.caFile,
    force,
  });

const secrets = mkdtempSync(path.join(tmpdir(), 'todo-env-'));
const containers: string[] = [];

/** Starts a container as the cluster would; secrets go in through a 0600 env file. */
async function start(name: string, image: string, env: Record<string, string>) {
  const envFile = path.join(secrets, `${name}.env`);
  writeFileSync(
    envFile,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    { mode: 0o600 },
  );
  await run(['rm', '-f', name]);
  const r = await run([
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'host',
    '--read-only',
    '--tmpfs',
    '/tmp:rw,size=64m',
    '--user',
    '1000:1000',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    '256m',
    '--env-file',
    envFile,
    image,
  ]);
  if (r.exitCode !== 0) fail(`docker run ${name}: ${r.stderr.trim()}`);
  containers.push(name);
}

async function waitReady(url: string, name: string): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  const logs = await run(['logs', '--tail', '30', name]);
  fail(`${name} never became ready at ${url}\n${logs.stdout}${logs.stderr}`);
}

async function stop(name: string) {
  await run(['rm', '-f', name]);
  containers.splice(containers.indexOf(name), 1);
}

async function memoryMb(name: string): Promise<number> {
  const r = await run(['stats', '--no-stream', '--format', '{{.MemUsage}}', name]);
  const m = /([\d.]+)\s*(MiB|GiB|KiB)/.exec(r.stdout);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'GiB' ? n * 1024 : m[2] === 'KiB' ? n / 1024 : n;
}

const pg = await startPostgres();
try {
  const api = await build('api');
  const web = await build('web');
  console.log(
    `images: ${api.ref} (${api.built ? 'built' : 'cached'}), ${web.ref} (${web.built ? 'built' : 'cached'})`,
  );

  const databaseUrl = await pg.createDatabase('containers');
  const apiPort = await freePort();
  const webPort = await freePort();
  const apiEnv = {
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: 'true',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    TRUSTED_ORIGINS: `http://127.0.0.1:${webPort}`,
    LOG_LEVEL: 'warn',
  };
  const webEnv = {
    API_URL: `http://127.0.0.1:${apiPort}`,
    HOSTNAME: '127.0.0.1',
    PORT: String(webPort),
  };

  await start('todo-api-ci', api.ref, apiEnv);
  const apiStart = await waitReady(`http://127.0.0.1:${apiPort}/readyz`, 'todo-api-ci');
  await start('todo-web-ci', web.ref, webEnv);
  const webStart = await waitReady(`http://127.0.0.1:${webPort}/readyz`, 'todo-web-ci');
  console.log(`ready: api in ${apiStart} ms, web in ${webStart} ms (docker run → /readyz 200)`);

  // The probe paths the charts use.
  for (const url of [
    `http://127.0.0.1:${apiPort}/healthz`,
    `http://127.0.0.1:${apiPort}/readyz`,
    `http://127.0.0.1:${webPort}/healthz`,
    `http://127.0.0.1:${webPort}/readyz`,
  ]) {
    const res = await fetch(url);
    if (!res.ok) fail(`probe ${url} answered ${res.status}`);
  }

  const report = await runSmoke(`http://127.0.0.1:${webPort}`, {
    onStep: (s) =>
      console.log(
        `${s.ok ? 'PASS' : 'FAIL'} ${s.name} (${s.ms} ms)${s.detail ? ` — ${s.detail}` : ''}`,
      ),
  });
  if (!report.ok) {
    for (const name of containers) console.log((await run(['logs', '--tail', '40', name])).stderr);
    fail('the smoke test against the containers failed');
  }
  console.log('container smoke test passed');

  if (values.measure) {
    const size = async (ref: string) =>
      Number((await run(['image', 'inspect', '--format', '{{.Size}}', ref])).stdout) / 1e6;
    const base =
      nodeImage && (await imageExists(realRunner, docker, nodeImage)) ? await size(nodeImage) : NaN;
    const idle = { api: await memoryMb('todo-api-ci'), web: await memoryMb('todo-web-ci') };
    const cold: Record<string, number[]> = { api: [], web: [] };
    for (let i = 0; i < 3; i++) {
      await stop('todo-web-ci');
      await stop('todo-api-ci');
      await start('todo-api-ci', api.ref, apiEnv);
      cold.api!.push(await waitReady(`http://127.0.0.1:${apiPort}/readyz`, 'todo-api-ci'));
      await start('todo-web-ci', web.ref, webEnv);
      cold.web!.push(await waitReady(`http://127.0.0.1:${webPort}/readyz`, 'todo-web-ci'));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

    // Rebuild after a one-line change in apps/api; the web image must not change.
    const file = path.join(repoRoot, 'apps/api/src/server.ts');
    const original = readFileSync(file, 'utf8');
    let apiRebuild: number;
    let webRebuild: number;
    let webCacheHit: boolean;
    try {
      writeFileSync(file, `${original}// rebuild probe ${Date.now()}\n`);
      let t = performance.now();
      const changed = await build('api');
      apiRebuild = (performance.now() - t) / 1000;
      if (!changed.built || changed.ref === api.ref)
        fail('a changed api source did not produce a new api image');
      t = performance.now();
      const again = await build('web');
      webRebuild = (performance.now() - t) / 1000;
      webCacheHit = !again.built && again.ref === web.ref;
      await run(['rmi', changed.ref]);
    } finally {
      writeFileSync(file, original);
    }
    const table = {
      'base image MB': Math.round(base),
      'api image MB': Math.round(await size(api.ref)),
      'web image MB': Math.round(await size(web.ref)),
      'api cold start ms (median of 3)': median(cold.api!),
      'web cold start ms (median of 3)': median(cold.web!),
      'api idle RSS MiB': Math.round(idle.api),
      'web idle RSS MiB': Math.round(idle.web),
      'api rebuild after 1-line change s': Number(apiRebuild.toFixed(1)),
      'web rebuild after api change s': Number(webRebuild.toFixed(1)),
      'web rebuild was a cache hit': webCacheHit,
    };
    console.table(table);
  }
} finally {
  for (const name of [...containers]) await run(['rm', '-f', name]);
  rmSync(secrets, { recursive: true, force: true });
  await pg.destroy();
}
