import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@todo/db/testing';
import { parse } from 'yaml';

export const apiRoot = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(apiRoot, '../..');

/** A server under test: where it listens and how much memory its process has held at most. */
export interface Served {
  base: string;
  /** Peak resident set size so far (the kernel's high-water mark, VmHWM), in MB. */
  peakRssMb(): number;
  /** Restarts the high-water mark, so a later peak covers only what came after. */
  resetPeak(): void;
  /** CPU time the process (all its threads) has used so far, user + system, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * The production settings the backend chart gives the API: its Node flags, memory limit and
 * the environment its ConfigMap sets for the process (the allocator's arenas).
 */
export function chartSettings(): {
  nodeOptions: string;
  memoryLimit: string;
  env: Record<string, string>;
} {
  const values = parse(
    readFileSync(path.join(repoRoot, 'k8s/helm/todo-backend/values.yaml'), 'utf8'),
  ) as {
    config: { nodeOptions?: string; mallocArenaMax?: number };
    resources: { limits: { memory: string } };
  };
  const arenas = values.config.mallocArenaMax;
  return {
    nodeOptions: values.config.nodeOptions ?? '',
    memoryLimit: values.resources.limits.memory,
    env: arenas ? { MALLOC_ARENA_MAX: String(arenas) } : {},
  };
}

function memoryOf(pid: () => number) {
  return {
    peakRssMb() {
      const status = readFileSync(`/proc/${pid()}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    // Linux: writing 5 to clear_refs resets the peak RSS of a process we own.
    resetPeak() {
      writeFileSync(`/proc/${pid()}/clear_refs`, '5');
    },
    cpuMs() {
      // Fields 14 and 15 (utime, stime) in clock ticks of 10 ms; the name before them is in
      // parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${pid()}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
  };
}

export async function waitReady(url: string, what: string, child?: ChildProcess) {
  for (let i = 0; i < 1200; i++) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not become ready at ${url}`);
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Starts a Node process on a free loopback port and waits for `readyPath`. */
async function startNode(
  what: string,
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  cwd = apiRoot,
): Promise<Served & { child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}${readyPath}`, what, child);
  return { base, port, child, ...memoryOf(() => child.pid!), stop: () => stopChild(child) };
}

export const apiEnv = (databaseUrl: string, trustedOrigin: string) => ({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  DATABASE_URL: databaseUrl,
  MIGRATE_ON_START: 'true',
  AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_MAX: '1000000',
  AUTH_RATE_LIMIT_MAX: '1000000',
  TRUSTED_ORIGINS: trustedOrigin,
});

/** The built API (dist/server.js) with the chart's Node flags, optionally CPU-profiled. */
export function startApi(env: Record<string, string>, nodeOptions: string, profileDir?: string) {
  const flags = nodeOptions.split(' ').filter(Boolean);
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  // BENCH_API_DIR: another build of the API (e.g. of an older commit) to compare with.
  const dir = process.env.BENCH_API_DIR ?? apiRoot;
  return startNode('the API', [...flags, ...profile, 'dist/server.js'], env, '/readyz', dir);
}

/**
 * A container run as the chart runs the API (host network on loopback, read-only root with a
 * tmpfs /tmp, user 1000, no capabilities, the memory limit), serving on a free port.
 */
async function startContainer(
  what: string,
  role: string,
  image: string,
  env: Record<string, string>,
  memoryLimit: string,
  extra: { mounts?: string[]; workdir?: string; command?: string[] } = {},
): Promise<Served> {
  const port = await freePort();
  const name = `todo-bench-${role}-${process.pid}`;
  const envArgs = Object.entries({ ...env, PORT: String(port) })
    .filter(([, v]) => v)
    .flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const memory = memoryLimit.replace(/Mi$/, 'm').replace(/Gi$/, 'g');
  const docker = process.env.DOCKER ?? 'docker';
  const r = spawnSync(docker, [
    'run',
    '--detach',
    '--rm',
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
    memory,
    ...(extra.mounts ?? []).flatMap((m) => ['--volume', m]),
    ...(extra.workdir ? ['--workdir', extra.workdir] : []),
    ...envArgs,
    image,
    ...(extra.command ?? []),
  ]);
  if (r.status !== 0) throw new Error(`docker run ${image}: ${r.stderr.toString().trim()}`);
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/readyz`, what);
  const pid = Number(
    spawnSync(docker, ['inspect', '--format', '{{.State.Pid}}', name]).stdout.toString(),
  );
  return {
    base,
    ...memoryOf(() => pid),
    async stop() {
      spawnSync(docker, ['stop', '--time', '10', name]);
    },
  };
}

/** The API's image, run as the chart runs it: memory limit, Node flags, read-only, user 1000. */
export function startApiImage(
  image: string,
  env: Record<string, string>,
  settings: { nodeOptions: string; memoryLimit: string },
): Promise<Served> {
  return startContainer(
    `the API image ${image}`,
    'api',
    image,
    { ...env, NODE_OPTIONS: settings.nodeOptions },
    settings.memoryLimit,
  );
}

/**
 * The baseline in a container of the API's image (its Node), with this checkout mounted
 * read-only: a container's threads share one CPU weight (its cgroup's) against every process
 * on the host, so on a busy machine an API in a container beside a baseline on the host is
 * compared with a server that gets several times its CPU.
 */
export function startBaselineImage(
  image: string,
  databaseUrl: string,
  tokens: Record<string, string>,
  memoryLimit: string,
): Promise<Served> {
  return startContainer(
    'the baseline server (container)',
    'baseline',
    image,
    { DATABASE_URL: databaseUrl, BASELINE_TOKENS: JSON.stringify(tokens) },
    memoryLimit,
    {
      mounts: [`${repoRoot}:${repoRoot}:ro`],
      workdir: apiRoot,
      command: ['node', '--import', 'tsx', 'bench/baseline.ts'],
    },
  );
}

export function startBaseline(
  databaseUrl: string,
  tokens: Record<string, string>,
  profileDir?: string,
) {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return startNode(
    'the baseline server',
    [...profile, '--import', 'tsx', 'bench/baseline.ts'],
    { DATABASE_URL: databaseUrl, BASELINE_TOKENS: JSON.stringify(tokens) },
    '/readyz',
  );
}

/** The web app's standalone build, proxying /api to `apiBase`. */
export function startWeb(apiBase: string) {
  const server = path.join(repoRoot, 'apps/web/.next/standalone/apps/web/server.js');
  // As the image starts it: start.mjs wraps server.js (client address from the socket).
  return startNode(
    'the web server',
    [path.join(path.dirname(server), 'start.mjs')],
    { NODE_ENV: 'production', HOSTNAME: '127.0.0.1', API_URL: apiBase },
    '/healthz',
    path.dirname(server),
  );
}
