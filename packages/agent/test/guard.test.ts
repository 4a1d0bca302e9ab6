import { describe, expect, it } from 'vitest';
import { createGuard } from '../src/safety';

/**
 * The guard below both engines, on messages round 5 found misread: whichever engine proposes
 * the call (a model may propose anything), a "never mind" or an attribute change refuses it.
 */
describe('the safety guard, for both engines', () => {
  const engines = ['offline', 'llm'] as const;
  const del = ['delete_task', { taskId: 1 }] as const;
  const add = ['add_task', { title: 'x' }] as const;

  it.each(engines)('“forget it” deletes nothing (%s)', (engine) => {
    for (const message of ['forget it', 'forget about it', 'oh forget that']) {
      expect(createGuard({ message, engine }).check(...del), message).toMatch(/Refused/);
    }
    // A named task is still a deletion the user asked for.
    expect(createGuard({ message: 'forget about the dentist', engine }).check(...del)).toBeNull();
  });

  it.each(engines)(
    'one message deletes one task at most, unless a preview was confirmed (%s)',
    (engine) => {
      const guard = createGuard({ message: 'delete 3 and 5', engine });
      expect(guard.check('delete_task', { taskId: 3 })).toBeNull();
      expect(guard.check('delete_task', { taskId: 5 })).toMatch(/Refused/);
      const yes = createGuard({ message: 'yes', engine, confirmedDeletes: [3, 5] });
      expect(yes.check('delete_task', { taskId: 3 })).toBeNull();
      expect(yes.check('delete_task', { taskId: 5 })).toBeNull();
    },
  );

  it.each(engines)('taking a repeat or date off a task neither deletes nor adds (%s)', (engine) => {
    for (const message of [
      'cancel the repeat on the rent',
      'remove the recurrence from the rent',
      'get rid of the due date on rent',
      'get rid of the finance tag from the taxes',
      'stop repeating the rent',
    ]) {
      const guard = createGuard({ message, engine });
      expect(guard.check(...del), message).toMatch(/Refused/);
      expect(guard.check(...add), message).toMatch(/Refused/);
    }
  });
});
