import type { DbHandle } from '@todo/db';
import { createTaskRepository } from '@todo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, type Memory, type PendingState } from '../src/index';
import { allTasks, NOW, openDatabase, seededUser } from './harness';
import type { Check } from './phrasings/check';
import { holdout } from './phrasings/holdout';
import { table, zoned } from './phrasings/table';
import { fresh } from './phrasings/fresh';
import { unseen } from './phrasings/unseen';
import { novel } from './phrasings/novel';
import { later } from './phrasings/later';
import { fresh2 } from './phrasings/fresh2';
import { fresh3 } from './phrasings/fresh3';

/**
 * The phrasing tables: each case on a fresh seeded user, through the agent (so the safety rules
 * apply as in production), judged by the task state. The pass rate is printed per category;
 * each set fails below its floor (set below its measured rate, not at 100%: the engine is
 * general, and some phrasings it does not yet read). Each held-out set was written before the
 * engine changes it then drove: its first-run rate (in its label) estimates unseen phrasings;
 * its rate now only guards against regressions.
 */
const FLOOR = 0.9;
const HELD_OUT_FLOOR = 0.85;
const UNSEEN_FLOOR = 0.9;
const FRESH_FLOOR = 0.75;
const NOVEL_FLOOR = 0.9;
const LATER_FLOOR = 0.9;
const FRESH2_FLOOR = 0.9;
const FRESH3_FLOOR = 0.9;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openDatabase();
});
afterAll(() => handle.close());

interface Run {
  c: string;
  m: string[];
  tz: string;
  check: Check;
}

async function run(messages: string[], timeZone: string, check: Check) {
  const { userId, ids } = await seededUser(handle);
  const agent = createAgent({ tasks: createTaskRepository(handle.db), now: () => NOW });
  const before = await allTasks(handle, userId);
  let pending: PendingState | null = null;
  let memory: Memory | null = null;
  let reply = '';
  let asked = false;
  for (const message of messages) {
    const answer = await agent.respond({ userId, message, timeZone, history: [], pending, memory });
    pending = answer.pending;
    memory = answer.memory;
    reply = answer.reply;
    asked = Boolean(answer.pending);
  }
  const after = await allTasks(handle, userId);
  return check({ before, after, ids, reply, asked });
}

/** Runs a set, prints its pass rate per category and its failures; returns the overall rate. */
async function measure(name: string, cases: Run[]): Promise<{ pass: number; total: number }> {
  const byCategory = new Map<string, { pass: number; total: number; failures: string[] }>();
  for (const { c, m, tz, check } of cases) {
    const wrong = await run(m, tz, check);
    const entry = byCategory.get(c) ?? { pass: 0, total: 0, failures: [] };
    entry.total++;
    if (wrong) entry.failures.push(`${m.join(' → ')}: ${wrong}`);
    else entry.pass++;
    byCategory.set(c, entry);
  }
  let pass = 0;
  let total = 0;
  const lines = [`${name}: pass rate by category`];
  for (const [c, e] of byCategory) {
    pass += e.pass;
    total += e.total;
    lines.push(
      `  ${c.padEnd(9)} ${String(e.pass).padStart(3)}/${String(e.total).padEnd(3)} ${((100 * e.pass) / e.total).toFixed(0)}%`,
    );
  }
  lines.push(
    `  ${'all'.padEnd(9)} ${String(pass).padStart(3)}/${String(total).padEnd(3)} ${((100 * pass) / total).toFixed(1)}%`,
  );
  for (const [c, e] of byCategory) for (const f of e.failures) lines.push(`  ✗ [${c}] ${f}`);
  console.log(lines.join('\n'));
  return { pass, total };
}

const utc = (cases: typeof table): Run[] =>
  cases.map(([c, m, check]) => ({ c, m: typeof m === 'string' ? [m] : m, tz: 'UTC', check }));

describe('the phrasing tables (issue 16)', () => {
  it(`the table: at least ${FLOOR * 100}% of ${table.length + zoned.length} phrasings`, async () => {
    const { pass, total } = await measure('table', [
      ...utc(table),
      ...zoned.map(([c, m, tz, check]) => ({ c, m: [m], tz, check })),
    ]);
    expect(total).toBeGreaterThanOrEqual(300);
    expect(pass / total).toBeGreaterThanOrEqual(FLOOR);
  });

  it(`the first held-out set: at least ${HELD_OUT_FLOOR * 100}%`, async () => {
    const { pass, total } = await measure('held-out 1 (87% on its first run)', utc(holdout));
    expect(pass / total).toBeGreaterThanOrEqual(HELD_OUT_FLOOR);
  });

  it(`the second held-out set: at least ${UNSEEN_FLOOR * 100}%`, async () => {
    const { pass, total } = await measure('held-out 2 (72.4% on its first run)', utc(unseen));
    expect(total).toBeGreaterThanOrEqual(80);
    expect(pass / total).toBeGreaterThanOrEqual(UNSEEN_FLOOR);
  });

  it(`the third held-out set: at least ${FRESH_FLOOR * 100}%`, async () => {
    const { pass, total } = await measure('held-out 3 (84.8% on its first run)', utc(fresh));
    expect(pass / total).toBeGreaterThanOrEqual(FRESH_FLOOR);
  });

  it(`the fourth held-out set: at least ${NOVEL_FLOOR * 100}%`, async () => {
    const { pass, total } = await measure('held-out 4 (75.4% on its first run)', utc(novel));
    expect(total).toBeGreaterThanOrEqual(80);
    expect(pass / total).toBeGreaterThanOrEqual(NOVEL_FLOOR);
  });

  it(`the fifth held-out set: at least ${LATER_FLOOR * 100}%`, async () => {
    const { pass, total } = await measure('held-out 5 (84.4% on its first run)', utc(later));
    expect(pass / total).toBeGreaterThanOrEqual(LATER_FLOOR);
  });

  it(`the sixth held-out set: at least ${FRESH2_FLOOR * 100}%`, async () => {
    const { pass, total } = await measure('held-out 6 (79.8% on its first run)', utc(fresh2));
    expect(total).toBeGreaterThanOrEqual(80);
    expect(pass / total).toBeGreaterThanOrEqual(FRESH2_FLOOR);
  });

  it(`the seventh held-out set: at least ${FRESH3_FLOOR * 100}%`, async () => {
    const { pass, total } = await measure('held-out 7 (88% on its first run)', utc(fresh3));
    expect(total).toBeGreaterThanOrEqual(80);
    expect(pass / total).toBeGreaterThanOrEqual(FRESH3_FLOOR);
  });
});
