import type { Task } from '@todo/contracts';
import { bulletList, describeTask } from './format';
import { resolve } from './resolve';
import { done, type Action, type Patch, type TurnInput, type TurnResult } from './turn';

/** Acting on one task: resolve the reference (asking when several match), then call a tool. */

export async function act(ref: string, action: Action, input: TurnInput, patch?: Patch) {
  const found = await resolve(ref, action, input);
  if (found.kind === 'none') {
    return done(
      `I couldn't find a task matching “${ref}”. Say “show my tasks” to see them with their numbers.`,
    );
  }
  if (found.kind === 'many') {
    const shown = found.tasks.slice(0, 5);
    return done(
      `More than one task matches “${ref}”. Which one?\n${bulletList(shown, input.now, input.timeZone)}\nReply with “the first one”, “the second one”… or a task number.`,
      { kind: 'choose', action, patch, candidates: shown.map((t) => t.id) },
    );
  }
  return perform(action, found.task, patch, input);
}

export async function perform(
  action: Action,
  task: Task,
  patch: Patch | undefined,
  input: TurnInput,
): Promise<TurnResult> {
  const { now, timeZone, tools } = input;
  switch (action) {
    case 'complete': {
      if (task.completed) return done(`${describeTask(task, now, timeZone)} was already done.`);
      const r = await tools.call('complete_task', { taskId: task.id });
      return done(`Nice work! Marked ${describeTask(r.result as Task, now, timeZone)} as done.`);
    }
    case 'reopen': {
      if (!task.completed) return done(`${describeTask(task, now, timeZone)} is still open.`);
      const r = await tools.call('update_task', { taskId: task.id, completed: false });
      return done(`Reopened ${describeTask(r.result as Task, now, timeZone)}.`);
    }
    case 'delete': {
      await tools.call('delete_task', { taskId: task.id });
      return done(`Deleted #${task.id} “${task.title}”.`);
    }
    case 'update': {
      const args: Record<string, unknown> = { taskId: task.id };
      if (patch?.title) args.title = patch.title;
      if (patch?.priority) args.priority = patch.priority;
      if (patch?.dueAt !== undefined) args.dueAt = patch.dueAt;
      if (patch?.description) args.description = patch.description;
      if (patch?.addTags || patch?.removeTags) {
        const tags = new Set(task.tags);
        patch.addTags?.forEach((t) => tags.add(t));
        patch.removeTags?.forEach((t) => tags.delete(t));
        args.tags = [...tags];
      }
      const r = await tools.call('update_task', args);
      if (!r.ok) return done(`I couldn't change that: ${(r.result as { error: string }).error}.`);
      return done(`Updated ${describeTask(r.result as Task, now, timeZone)}.`);
    }
  }
}
