import { createTaskRepository, users, type DbHandle } from '@todo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTurnUnit } from '../src/routes/chat/turn-unit';
import { openTestDatabase, usingPostgres } from './helpers';

// A chat turn that adds a task must not make the user's other adds (REST, MCP, other chat
// turns) wait until it commits: with 10 chat connections of one user, the adds queued behind
// each other's turns and made the slowest tenth of turns several times the median.
describe.runIf(usingPostgres())('a chat turn that adds a task (PostgreSQL)', () => {
  let database: DbHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database?.close());

  it("does not hold the user's task counter until it commits", async () => {
    const userId = 'turn-counter';
    await database.db.insert(users).values({ id: userId, name: 'U', email: 'u@example.com' });
    const pooled = createTaskRepository(database.db);
    const unit = openTurnUnit(database.db, pooled, 30_000);
    const added = await unit.tasks.create(userId, { title: 'from the chat' });
    // The turn is still open (its reply not stored yet): a create elsewhere goes ahead.
    const other = pooled.create(userId, { title: 'from REST' });
    const first = await Promise.race([
      other.then(() => 'created'),
      new Promise((r) => setTimeout(() => r('waited for the turn'), 3000)),
    ]);
    expect(first).toBe('created');
    await unit.commit(async () => null);
    expect([added.id, (await other).id]).toEqual([1, 2]);
    const all = await pooled.find(userId, { status: 'all' }, 10);
    expect(all.items.map((t) => t.title).sort()).toEqual(['from REST', 'from the chat']);
    expect(all.total).toBe(2);
  });

  it('still numbers several adds of one turn in order, and a rolled-back turn adds nothing', async () => {
    const userId = 'turn-counter-2';
    await database.db.insert(users).values({ id: userId, name: 'U', email: 'v@example.com' });
    const pooled = createTaskRepository(database.db);
    const unit = openTurnUnit(database.db, pooled, 30_000);
    const a = await unit.tasks.create(userId, { title: 'a' });
    const b = await unit.tasks.create(userId, { title: 'b' });
    expect([a.id, b.id]).toEqual([1, 2]);
    await unit.rollback();
    expect((await pooled.find(userId, { status: 'all' }, 10)).total).toBe(0);
    // The first add's number was taken on its own and stays used (as a deleted task's does);
    // the second was taken in the transaction, and went with it.
    expect((await pooled.create(userId, { title: 'c' })).id).toBe(2);
  });
});
