import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The real Next server is started this way in test/e2e.test.ts; here a stand-in server.js
// (a plain Node http server, as Next's is) shows what a request arrives with.
const dir = mkdtempSync(path.join(tmpdir(), 'todo-web-start-'));
copyFileSync(path.join(import.meta.dirname, '../scripts/start.mjs'), path.join(dir, 'start.mjs'));
writeFileSync(
  path.join(dir, 'server.js'),
  `require('node:http').createServer((req, res) => res.end(String(req.headers['x-forwarded-for'])))
     .listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });`,
);
const child = spawn(process.execPath, [path.join(dir, 'start.mjs')], { stdio: 'pipe' });
afterAll(() => {
  child.kill();
});

describe('the web server start script', () => {
  it('replaces a client-chosen X-Forwarded-For with the socket address', async () => {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /port (\d+)/.exec(d.toString());
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`start.mjs exited ${code}`)));
    });
    const spoofed = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { 'x-forwarded-for': '6.6.6.6' },
    });
    expect(await spoofed.text()).toBe('127.0.0.1');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('127.0.0.1');
  });
});
