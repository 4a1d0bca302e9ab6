#!/usr/bin/env tsx
/**
 * The project's single-node test cluster, built from upstream Go modules (docs/test-cluster.md).
 *   pnpm run cluster up       build or reuse the binaries, start (or reuse) the cluster, prove it works
 *   pnpm run cluster down     stop everything it started, unmount, remove the node's namespace
 *   pnpm run cluster status   each component's state
 * Linux, as root. Writes .cluster/kubeconfig (context todo-ci). TODO_CLUSTER_SLOT=N (0..9, default 0)
 * runs a second, separate cluster on the same machine (docs/test-cluster.md).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { realRunner, resolveTool } from '@todo/infra';
import { down, layout, status, up, type ClusterOptions } from '@todo/infra/test-cluster';
import { fail, repoRoot } from './lib/cli';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const command = positionals[0];
if (!['up', 'down', 'status'].includes(command ?? '')) {
  fail(`usage: pnpm run cluster up|down|status (got "${positionals.join(' ')}")`);
}
if (process.platform !== 'linux' || process.getuid?.() !== 0) {
  fail('the test cluster runs on Linux as root (it creates a network namespace and mounts)');
}

const log = (line: string) =>
  console.log(`[cluster ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** tools/cluster/build.sh prints the cache dir; it builds only when the cache key is new. */
async function cacheDir(build: boolean): Promise<string> {
  const script = path.join(repoRoot, 'tools', 'cluster', 'build.sh');
  if (!build) {
    // The cache the running cluster was started from, which `up` records.
    const recorded = path.join(layout({ repoRoot, cacheDir: '' }).stateDir, 'cache-dir');
    if (existsSync(recorded)) return (await readFile(recorded, 'utf8')).trim();
    const r = await realRunner.run('bash', [script], { env: { CLUSTER_CACHE_ONLY: '1' } });
    return r.stdout.trim().split('\n').pop() ?? '';
  }
  const t = Date.now();
  const r = await realRunner.run('bash', [script], { stream: true });
  if (r.exitCode !== 0) fail('building the cluster binaries failed (see the output above)');
  log(`binaries and images ready (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  return r.stdout.trim().split('\n').pop()!;
}

const kubectl = resolveTool('kubectl', 'KUBECTL');
const options = (dir: string): ClusterOptions => ({
  repoRoot,
  cacheDir: dir,
  kubectl,
  runner: realRunner,
  log,
});

try {
  if (command === 'up') {
    const report = await up(options(await cacheDir(true)));
    for (const p of report.probes) log(`probe ${p.name}: ${p.ok ? 'ok' : 'FAILED'} (${p.detail})`);
    console.log(
      `\n${report.reused ? 'reused the running' : 'started the'} cluster in ${report.seconds.toFixed(0)} s`,
    );
    console.log(
      Object.entries(report.versions)
        .map(([k, v]) => `  ${k.padEnd(22)} ${v}`)
        .join('\n'),
    );
    console.log(`\nKUBECONFIG=${report.kubeconfig}`);
  } else if (command === 'down') {
    const report = await down(options(await cacheDir(false)));
    if (report.leftovers.length || report.mounts.length) {
      fail(
        `left behind: ${report.leftovers.map((p) => `pid ${p.pid} ${p.binary}`).join(', ')} ${report.mounts.join(' ')}`,
      );
    }
  } else {
    const report = await status(options(await cacheDir(false)));
    for (const c of report.components)
      console.log(`${c.name.padEnd(24)} ${c.state}${c.pid ? ` (pid ${c.pid})` : ''}`);
    console.log(`${'node'.padEnd(24)} ${report.node}`);
    console.log(`KUBECONFIG=${report.kubeconfig}`);
  }
} catch (err) {
  fail(`cluster ${command}: ${(err as Error).message}`);
}
