#!/usr/bin/env tsx
/**
 * The smoke test, against any running copy of the app:
 *   pnpm run smoke-test [--url http://localhost:3000] [--json]
 * Exits non-zero when a step fails.
 */
import { parseArgs } from 'node:util';
import { runSmoke } from '@todo/infra';
import { fail } from './lib/cli';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.SMOKE_URL ?? 'http://localhost:3000' },
    json: { type: 'boolean', default: false },
  },
});
if (!URL.canParse(values.url!))
  fail(`--url must be a URL like http://localhost:3000 (got "${values.url}")`);

const report = await runSmoke(values.url!, {
  onStep: values.json
    ? undefined
    : (s) =>
        console.log(
          `${s.ok ? 'PASS' : 'FAIL'} ${s.name} (${s.ms} ms)${s.detail ? ` — ${s.detail}` : ''}`,
        ),
});
if (values.json) console.log(JSON.stringify(report, null, 2));
else
  console.log(
    report.ok
      ? `smoke test passed against ${report.baseUrl}`
      : `smoke test FAILED against ${report.baseUrl}`,
  );
process.exit(report.ok ? 0 : 1);
