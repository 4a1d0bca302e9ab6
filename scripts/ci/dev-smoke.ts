#!/usr/bin/env tsx
/**
 * The newcomer's path, checked for real: `pnpm dev` on embedded defaults (a fresh PGlite
 * directory), then the smoke test against http://localhost:3000, then everything is stopped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSmoke } from '@todo/infra';
import { fail, repoRoot } from '../lib/cli';

const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-dev-'));
const dev = spawn('pnpm', ['dev'], {
  cwd: repoRoot,
  env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
  // Its own process group, so that turbo, tsx and next all stop together.
  detached: true,
});
let output = '';
dev.stdout.on('data', (d) => (output += d));
dev.stderr.on('data', (d) => (output += d));
const stop = () => {
  try {
    process.kill(-dev.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
};

try {
  const deadline = Date.now() + 120_000;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    const [api, web] = await Promise.all(
      ['http://127.0.0.1:8080/readyz', 'http://localhost:3000/healthz'].map((u) =>
        fetch(u)
          .then((r) => r.ok)
          .catch(() => false),
      ),
    );
    ready = Boolean(api && web);
    if (!ready) await new Promise((r) => setTimeout(r, 500));
  }
  if (!ready) fail(`pnpm dev did not come up within 120 s:\n${output.slice(-3000)}`);
  // next dev compiles each route on its first request: allow for that.
  const report = await runSmoke('http://localhost:3000', {
    timeoutMs: 90_000,
    onStep: (s) =>
      console.log(
        `${s.ok ? 'PASS' : 'FAIL'} ${s.name} (${s.ms} ms)${s.detail ? ` — ${s.detail}` : ''}`,
      ),
  });
  if (!report.ok) fail(`the smoke test against pnpm dev failed\n${output.slice(-3000)}`);
  console.log('smoke test against pnpm dev passed');
} finally {
  stop();
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(dataDir, { recursive: true, force: true });
}
