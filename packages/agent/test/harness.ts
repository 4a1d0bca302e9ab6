import { randomUUID } from 'node:crypto';
import type { Task } from '@todo/contracts';
import { createDb, createTaskRepository, users, type DbHandle } from '@todo/db';
import {
  runOfflineTurn,
  type Memory,
  type PendingState,
  type TurnResult,
} from '../src/engine/index';
import { createToolbox } from '../src/tools';

/** Thursday 26 November 2026, 10:00 UTC: every relative date in the tests hangs off this. */
export const NOW = new Date('2026-11-26T10:00:00Z');

export const seedTasks = {
  milk: { title: 'Buy milk', tags: ['home'] },
  mom: { title: 'Call mom' },
  plumber: { title: 'Call the plumber', tags: ['home'] },
  report: { title: 'Write the quarterly report', tags: ['work'], dueAt: '2026-11-27T23:59:00Z' },
  dentist: { title: 'Dentist appointment', dueAt: '2026-12-01T15:00:00Z' },
  taxes: { title: 'File taxes', priority: 'high' as const, tags: ['finance'] },
  laundry: { title: 'Do laundry' },
  rent: { title: 'Pay rent', dueAt: '2026-11-20T23:59:00Z', tags: ['finance'] },
};
export type SeedKey = keyof typeof seedTasks;

export async function openDatabase(): Promise<DbHandle> {
  const handle = await createDb({ dataDir: 'memory://' });
  await handle.migrate();
  return handle;
}

/** A new user with the standard tasks (laundry completed); ids differ per user. */
export async function seededUser(handle: DbHandle) {
  const repo = createTaskRepository(handle.db);
  const userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, name: 'T', email: `${userId}@example.com` });
  const ids = {} as Record<SeedKey, number>;
  for (const [key, spec] of Object.entries(seedTasks)) {
    const task = await repo.create(userId, spec);
    ids[key as SeedKey] = task.id;
  }
  await repo.complete(userId, ids.laundry);
  return { userId, ids, repo };
}

export async function say(
  handle: DbHandle,
  userId: string,
  message: string,
  pending: PendingState | null = null,
  timeZone = 'UTC',
  memory?: Memory,
): Promise<
  TurnResult & { calls: { name: string; arguments: Record<string, unknown>; result: unknown }[] }
> {
  const tools = createToolbox(createTaskRepository(handle.db), userId);
  const result = await runOfflineTurn({ message, now: NOW, timeZone, pending, memory, tools });
  return { ...result, calls: tools.calls };
}

export async function allTasks(handle: DbHandle, userId: string): Promise<Task[]> {
  return createToolbox(createTaskRepository(handle.db), userId).tasks();
}
