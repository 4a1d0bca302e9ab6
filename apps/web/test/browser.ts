import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startPostgres, type PostgresServer } from '@todo/db/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/**
 * End to end, for real: the production build of the web app (standalone server), a real API
 * process on a real PostgreSQL server, driven by Debian's Chromium through Playwright.
 * `useBrowserStack()` starts all of it for one test file and stops it after.
 */
const webRoot = path.resolve(import.meta.dirname, '..');
const apiRoot = path.resolve(webRoot, '../api');
const repoRoot = path.resolve(webRoot, '../..');
// Test runs write screenshots and metrics to an ignored folder, so `pnpm test` changes no
// committed file; `pnpm run screenshots` points this at docs/screenshots on purpose.
export const screenshots = path.resolve(
  repoRoot,
  process.env.SCREENSHOTS_DIR ?? path.join(webRoot, '.screenshots'),
);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let pg: PostgresServer;
let api: ChildProcess | undefined;
let web: ChildProcess | undefined;
let browser: Browser;
let apiPort: number;
let databaseUrl: string;
/** The web app's address, e.g. http://127.0.0.1:41234 (set once the stack is up). */
export let base: string;
/** Figures a test measured; written to metrics.json next to the screenshots. */
export const metrics: Record<string, unknown> = {};

// Playwright's 30 s default for each click or navigation is a speed check on a loaded machine;
// this limit only catches a page that never gets there.
const actionTimeoutMs = 120_000;

export async function newContext(options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(actionTimeoutMs);
  return context;
}

/** Waits until `url` answers 200, or fails at once when the process behind it has exited. */
async function waitFor(url: string, what: string, child: ChildProcess | undefined) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within 5 minutes`);
}

/** The API's PostgreSQL database (for tests that arrange a fault in it). */
export const apiDatabaseUrl = () => databaseUrl;

/** Extra environment for the API process (set by `useBrowserStack`). */
let apiEnv: () => Record<string, string> = () => ({});

export function startApi() {
  api = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: apiRoot,
    env: {
      ...process.env,
      ...apiEnv(),
      NODE_ENV: 'production',
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      MIGRATE_ON_START: 'true',
      AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
      TRUSTED_ORIGINS: base,
      LOG_LEVEL: 'warn',
      // Every browser here signs in from 127.0.0.1.
      AUTH_RATE_LIMIT_MAX: '10000',
      RATE_LIMIT_MAX: '100000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return waitFor(`http://127.0.0.1:${apiPort}/readyz`, 'the API', api);
}

export async function stopApi() {
  if (!api || api.exitCode !== null) return;
  const exited = new Promise((r) => api!.once('exit', r));
  api.kill('SIGTERM');
  await exited;
}

export function useBrowserStack(options: { apiEnv?: () => Record<string, string> } = {}) {
  beforeAll(async () => {
    if (options.apiEnv) apiEnv = options.apiEnv;
    const server = path.join(webRoot, '.next/standalone/apps/web/start.mjs');
    if (!existsSync(server)) throw new Error('Run `pnpm --filter @todo/web build` first');
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`,
      );
    }
    pg = await startPostgres();
    databaseUrl = await pg.createDatabase('e2e');
    apiPort = await freePort();
    const webPort = await freePort();
    base = `http://127.0.0.1:${webPort}`;
    await startApi();
    web = spawn(process.execPath, [server], {
      cwd: webRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(webPort),
        HOSTNAME: '127.0.0.1',
        API_URL: `http://127.0.0.1:${apiPort}`,
        NEXT_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitFor(`${base}/healthz`, 'the web server', web);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    web?.kill('SIGTERM');
    await stopApi();
    await pg?.destroy();
    if (Object.keys(metrics).length) {
      mkdirSync(screenshots, { recursive: true });
      writeFileSync(
        path.join(screenshots, `metrics${metricsSuffix}.json`),
        `${JSON.stringify(metrics, null, 2)}\n`,
      );
    }
  });
}

let metricsSuffix = '';
/** Each test file writes its own metrics file (metrics.json, metrics-app.json, ...). */
export function metricsFile(suffix: string) {
  metricsSuffix = suffix;
}

export async function newUser(context: BrowserContext, email: string) {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForURL(/\/sign-in$/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill('E2E');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

export const taskList = (page: Page) => page.getByRole('list', { name: 'Tasks' });
export const taskTitles = (page: Page) => taskList(page).locator('.task .title').allInnerTexts();
