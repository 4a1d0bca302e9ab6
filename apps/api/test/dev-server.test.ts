import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const apiRoot = path.resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the API started as `pnpm dev` starts it', () => {
  it('logs readable lines and no warnings (no better-auth "Base URL is not set")', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: apiRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'todo-dev-')),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the API exited: ${output}`);
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // better-auth warns on its first request without a base URL: make one.
      await fetch(`http://127.0.0.1:${port}/api/auth/get-session`);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    expect(output).toMatch(/listening|Server listening/i);
    expect(output).not.toMatch(/Base URL/i);
    expect(output).not.toMatch(/\bWARN\b|"level":40/);
    // Pretty lines for the developer, not raw JSON.
    expect(output).toMatch(/INFO.*listening/i);
    expect(output).not.toMatch(/^\{"level"/m);
  });
});
