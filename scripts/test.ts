#!/usr/bin/env tsx
/**
 * The README's test command: every package's tests, one package at a time, then a summary.
 *   pnpm test                          all packages
 *   pnpm test --filter=@todo/api       extra arguments go to `turbo run test`
 *
 * One at a time (--concurrency=1) because vitest already uses every core inside a package, and
 * the heavy suites (Chromium, PostgreSQL servers, Helm) slow each other down past any sane
 * limit when run side by side on a small machine. --continue so that one failing package does
 * not hide the results of the others.
 */
import { spawn } from 'node:child_process';
import { repoRoot } from './lib/cli';
import { bin } from './lib/bin';

interface PackageResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  failedFiles: number;
  errors: number;
  reported: boolean;
  startedAt: number;
  lastAt: number;
}

const ansi = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
const taskLine = /^(\S+):test: (.*)$/;
const count = (text: string, word: string) =>
  Number(new RegExp(`(\\d+) ${word}`).exec(text)?.[1] ?? 0);

const results = new Map<string, PackageResult>();
let failedTasks: string[] = [];

/** Reads one line of turbo's output: vitest's summary lines per package, turbo's failed list. */
function read(raw: string) {
  const line = raw.replace(ansi, '');
  const failedList = /^\s*Failed:\s+(.+)$/.exec(line);
  if (failedList) {
    failedTasks = failedList[1]!.split(',').map((t) => t.trim());
    return;
  }
  const task = taskLine.exec(line);
  if (!task) return;
  const [, name, text] = task as unknown as [string, string, string];
  const now = Date.now();
  let r = results.get(name);
  if (!r) {
    r = {
      name,
      passed: 0,
      failed: 0,
      skipped: 0,
      failedFiles: 0,
      errors: 0,
      reported: false,
      startedAt: now,
      lastAt: now,
    };
    results.set(name, r);
  }
  r.lastAt = now;
  if (/^\s*Tests\s+\d/.test(text)) {
    r.reported = true;
    r.passed += count(text, 'passed');
    r.failed += count(text, 'failed');
    r.skipped += count(text, 'skipped') + count(text, 'todo');
  } else if (/^\s*Test Files\s+\d/.test(text)) {
    r.failedFiles += count(text, 'failed');
  } else if (/^\s*Errors\s+\d/.test(text)) {
    r.errors += count(text, 'errors?');
  }
}

const turbo = spawn(
  bin('turbo'),
  ['run', 'test', '--continue', '--concurrency=1', ...process.argv.slice(2)],
  // Windows runs node_modules/.bin/*.cmd only through a shell.
  { cwd: repoRoot, stdio: ['inherit', 'pipe', 'pipe'], shell: process.platform === 'win32' },
);
for (const stream of [turbo.stdout, turbo.stderr]) {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    (stream === turbo.stdout ? process.stdout : process.stderr).write(chunk);
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop()!;
    lines.forEach(read);
  });
  stream.on('end', () => rest && read(rest));
}
const exitCode: number = await new Promise((resolve) =>
  turbo.on('close', (code) => resolve(code ?? 1)),
);

let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\nTest results, per package:');
const width = Math.max(0, ...[...results.keys()].map((n) => n.length));
for (const r of results.values()) {
  const taskFailed = failedTasks.includes(`${r.name}#test`);
  // A package that fails without a failing test (a build error, a file that does not load, an
  // unhandled error) counts as one failure, so the closing line never says 0 failed for a red run.
  const failures = r.failed || (taskFailed ? Math.max(1, r.failedFiles + r.errors) : 0);
  passed += r.passed;
  failed += failures;
  skipped += r.skipped;
  const seconds = `${Math.round((r.lastAt - r.startedAt) / 1000)}s`;
  const counts = r.reported
    ? `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`
    : 'no test summary';
  const extra = [
    r.failedFiles ? `${r.failedFiles} test file(s) failed` : '',
    r.errors ? `${r.errors} unhandled error(s)` : '',
    taskFailed && !r.failed && !r.failedFiles && !r.errors
      ? 'exited with an error (see its output above)'
      : '',
  ].filter(Boolean);
  const mark = taskFailed || failures ? '✗' : '✓';
  console.log(
    `  ${mark} ${r.name.padEnd(width)}  ${counts}${extra.length ? `; ${extra.join('; ')}` : ''} (${seconds})`,
  );
}
// A task the tests needed, such as the web app's build, that failed before any test ran.
for (const task of failedTasks.filter((t) => !results.has(t.replace(/#test$/, '')))) {
  failed++;
  console.log(`  ✗ ${task} failed (see its output above)`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode === 0 && failed === 0 ? 0 : 1);
