#!/usr/bin/env tsx
/**
 * Pod-spec conformance, without a cluster: render the backend and frontend charts, then run
 * the images with exactly the settings the rendered Deployments give them — env from the
 * ConfigMap and Secret, user, read-only root filesystem with the emptyDir mounts as tmpfs,
 * dropped capabilities, no privilege escalation, CPU and memory limits, the migrate init
 * container first — and check that every probe path answers as the chart expects.
 * Two substitutions stand in for the cluster: Service DNS names resolve to loopback, and
 * each pod's port is remapped to a free loopback port (servers here listen on 127.0.0.1).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startPostgres } from '@todo/db/testing';
import {
  buildImage,
  dockerRunArgs,
  parseManifests,
  planPod,
  realRunner,
  resolveTool,
  scriptEnv,
  type AppName,
  type ContainerPlan,
} from '@todo/infra';
import { fail, repoRoot } from '../lib/cli';

const docker = resolveTool('docker', 'DOCKER');
const env = scriptEnv();
const helm = process.env.HELM ?? path.join(repoRoot, '.tools/helm4/helm');
const run = (cmd: string, args: string[]) => realRunner.run(cmd, args, { cwd: repoRoot });
const secrets = mkdtempSync(path.join(tmpdir(), 'todo-conformance-'));
const started: string[] = [];

const image = (app: AppName) =>
  buildImage({
    runner: realRunner,
    docker,
    repoRoot,
    app,
    nodeImage: env.nodeImage,
    network: env.buildNetwork ?? 'host',
    caFile: env.caFile,
  });

async function render(chart: string, namespace: string, set: Record<string, string>) {
  const r = await run(helm, [
    'template',
    chart,
    `k8s/helm/${chart}`,
    '--namespace',
    namespace,
    ...Object.entries(set).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
  ]);
  if (r.exitCode !== 0) fail(`helm template ${chart}: ${r.stderr.trim()}`);
  return parseManifests(r.stdout);
}

async function start(
  plan: ContainerPlan,
  name: string,
  env: Record<string, string>,
  detach: boolean,
) {
  const envFile = path.join(secrets, `${name}.env`);
  writeFileSync(
    envFile,
    Object.entries({ ...plan.env, ...env })
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    { mode: 0o600 },
  );
  await run(docker, ['rm', '-f', name]);
  const args = dockerRunArgs(plan, name, envFile, detach);
  console.log(`docker ${args.map((a) => (a === envFile ? '<env file>' : a)).join(' ')}`);
  const r = await run(docker, args);
  if (detach) started.push(name);
  if (r.exitCode !== 0)
    fail(`${name} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}`);
}

/** Waits for the startup probe, then checks liveness and readiness once, as the kubelet would. */
async function probe(plan: ContainerPlan, name: string, portMap: Record<number, number>) {
  for (const p of plan.probes) {
    const url = `http://127.0.0.1:${portMap[p.port]}${p.path}`;
    const deadline = Date.now() + (p.kind === 'startup' ? 60_000 : 5_000);
    let status = 0;
    while (Date.now() < deadline) {
      status = await fetch(url)
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (status !== 200) {
      const logs = await run(docker, ['logs', '--tail', '20', name]);
      fail(
        `${name}: ${p.kind} probe ${p.path} answered ${status || 'nothing'}\n${logs.stdout}${logs.stderr}`,
      );
    }
    console.log(`  ${name}: ${p.kind} probe GET ${p.path} (container port ${p.port}) → 200`);
  }
}

const pg = await startPostgres();
try {
  const [api, web] = [await image('api'), await image('web')];
  const databaseUrl = await pg.createDatabase('conformance');
  const apiPort = await freePort();
  const webPort = await freePort();

  const backend = await render('todo-backend', 'todo-backend', {
    'image.tag': api.tag,
    'postgres.enabled': 'false',
    'externalDatabase.url': databaseUrl,
    'config.trustedOrigins': `http://127.0.0.1:${webPort}`,
  });
  const frontend = await render('todo-frontend', 'todo-frontend', { 'image.tag': web.tag });

  const apiPod = planPod(
    backend.find((o) => o.kind === 'Deployment')!,
    backend,
  );
  const webPod = planPod(
    frontend.find((o) => o.kind === 'Deployment')!,
    frontend,
  );
  const loopbackApi = { HOST: '127.0.0.1', PORT: String(apiPort) };

  console.log('backend pod:');
  for (const init of apiPod.init)
    await start(init, `todo-conf-api-${init.name}`, loopbackApi, false);
  const apiContainer = apiPod.containers[0]!;
  await start(apiContainer, 'todo-conf-api', loopbackApi, true);
  await probe(apiContainer, 'todo-conf-api', { [apiContainer.ports.http!]: apiPort });

  console.log('frontend pod:');
  const webContainer = webPod.containers[0]!;
  // Cluster DNS: the backend Service name resolves to the backend pod (here, loopback).
  const apiUrl = webContainer.env.API_URL!.replace(
    /^http:\/\/[^/]+\.svc\.cluster\.local:\d+/,
    `http://127.0.0.1:${apiPort}`,
  );
  await start(
    webContainer,
    'todo-conf-web',
    { API_URL: apiUrl, HOSTNAME: '127.0.0.1', PORT: String(webPort) },
    true,
  );
  await probe(webContainer, 'todo-conf-web', { [webContainer.ports.http!]: webPort });

  const proxied = await fetch(`http://127.0.0.1:${webPort}/api/healthz`);
  if (!proxied.ok) fail(`/api/healthz through the web pod answered ${proxied.status}`);
  console.log('conformance passed: both pods run as rendered and every probe answers');
} finally {
  for (const name of started) await run(docker, ['rm', '-f', name]);
  rmSync(secrets, { recursive: true, force: true });
  await pg.destroy();
}
