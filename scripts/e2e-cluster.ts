#!/usr/bin/env tsx
/**
 * Every promise of the deploy, checked on the real test cluster (docs/test-cluster.md):
 *   pnpm run e2e:cluster [--only 1,2,5] [--keep]
 * Brings the cluster up when it is not running, and down at the end only if it brought it up
 * (--keep leaves it). Prints a pass/fail table with timings; exits 1 when a check failed.
 * Linux, as root; DOCKER/NODE_IMAGE/DOCKER_BUILD_NETWORK as for `pnpm turbo deploy`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { realRunner, resolveTool } from '@todo/infra';
import { layout } from '@todo/infra/test-cluster';
import { deployChecks } from './e2e/checks-deploy';
import { dataChecks } from './e2e/checks-data';
import { opsChecks } from './e2e/checks-ops';
import { policyChecks } from './e2e/checks-policy';
import { formatTable, freePort, makeCtx, runChecks } from './e2e/harness';
import { count } from './lib/checks-harness';
import { fail, repoRoot } from './lib/cli';

const { values } = parseArgs({
  options: { only: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const all = [...deployChecks, ...dataChecks, ...opsChecks, ...policyChecks].sort(
  (a, b) => a.n - b.n,
);
const only = values.only?.split(',').map((s) => Number(s.trim()));
if (only?.some((n) => !all.some((c) => c.n === n))) {
  fail(`--only takes check numbers 1..${all.length}, comma-separated (got "${values.only}")`);
}
const checks = only ? all.filter((c) => only.includes(c.n)) : all;

const started = performance.now();
const log = (line: string) =>
  console.log(`[e2e ${new Date().toISOString().slice(11, 19)}] ${line}`);
const kubectl = resolveTool('kubectl', 'KUBECTL');
const helm = resolveTool('helm', 'HELM');
const kubeconfig = path.join(repoRoot, '.cluster', 'kubeconfig');
const cluster = (cmd: string) =>
  realRunner.run('pnpm', ['run', '--silent', 'cluster', cmd], {
    cwd: repoRoot,
    stream: true,
    env: { KUBECTL: kubectl },
  });

// Reuse a running cluster (the developer's); otherwise start one and stop it at the end.
const status = await realRunner.run('pnpm', ['run', '--silent', 'cluster', 'status'], {
  cwd: repoRoot,
  env: { KUBECTL: kubectl },
});
const running =
  status.exitCode === 0 && /^node\s+Ready/m.test(status.stdout) && !/stopped/.test(status.stdout);
let broughtUp = false;
if (running) log('test cluster already running: using it (and leaving it running)');
else {
  log('bringing the test cluster up');
  if ((await cluster('up')).exitCode !== 0) fail('pnpm run cluster up failed (see above)');
  broughtUp = true;
}
const cacheDir = (
  await readFile(path.join(layout({ repoRoot, cacheDir: '' }).stateDir, 'cache-dir'), 'utf8')
).trim();
const versions = JSON.parse(await readFile(path.join(cacheDir, 'versions.json'), 'utf8')) as {
  images: { busybox: string };
};

// The app's local port: a free one, so nothing else on this machine is disturbed; the deploy
// trusts it for sign-in and the smoke test forwards to it (TODO_APP_PORT).
const port = await freePort();
const ctx = makeCtx({
  repoRoot,
  kubectl,
  helm,
  port,
  busybox: versions.images.busybox,
  env: {
    KUBECONFIG: kubeconfig,
    KUBECTL: kubectl,
    HELM: helm,
    TODO_APP_PORT: String(port),
  },
  log,
});

let code = 1;
try {
  const results = await runChecks(ctx, checks, {
    heading: (c) => `── check ${c.n}: ${c.name}`,
    onResult: (r) =>
      log(
        `check ${r.n} ${r.status.toUpperCase()} (${r.seconds.toFixed(1)} s)${r.detail ? `: ${r.detail.split('\n')[0]}` : ''}`,
      ),
  });
  console.log(`\n${formatTable(results)}`);
  const failed = count(results, 'fail');
  const skipped = count(results, 'skip');
  console.log(
    `\n${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  code = failed ? 1 : 0;
} finally {
  if (broughtUp && !values.keep) {
    log('bringing the test cluster down (this run started it)');
    if ((await cluster('down')).exitCode !== 0) code = 1;
  }
}
process.exit(code);
