import { wallClock, zonedInstant, type Task } from '@todo/contracts';
import { bulletList, describeTask } from './format';
import { fromMemory, resolve, singularPronoun } from './resolve';
import {
  done,
  emptyMemory,
  type Action,
  type Patch,
  type TurnInput,
  type TurnResult,
} from './turn';

const several = /^(?:tasks?\s+|numbers?\s+)?#?\d+(?:\s*(?:,|and|&|\+)\s*(?:#?\d+))+$/;

/** "3 and 5", "#2, #4": several tasks by number. */
async function actOnMany(ids: number[], action: Action, input: TurnInput, patch?: Patch) {
  const tasks = await input.tools.tasks();
  const missing = ids.filter((id) => !tasks.some((t) => t.id === id));
  if (missing.length) {
    return done(
      `I couldn't find ${missing.map((id) => `#${id}`).join(', ')}. Nothing was changed.`,
    );
  }
  const replies: string[] = [];
  for (const id of ids) {
    const r = await perform(
      action,
      tasks.find((t) => t.id === id)!,
      patch,
      input,
    );
    replies.push(r.reply);
  }
  return {
    ...done(replies.join('\n')),
    memory: { ...(input.memory ?? emptyMemory()), focus: ids },
  };
}

/**
 * "the dentist and the plumber", "milk, mom and rent": several tasks by title, when every part
 * names exactly one task and they are different ones. Otherwise null, and the whole reference
 * is resolved as one (a title may itself contain "and").
 */
async function severalByTitle(ref: string, action: Action, input: TurnInput) {
  if (ref.length > 300) return null;
  const parts = ref.split(/\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+/).filter(Boolean);
  if (parts.length < 2 || parts.length > 10) return null;
  const ids: number[] = [];
  for (const part of parts) {
    const found = await resolve(part, action, input);
    if (found.kind !== 'one' || ids.includes(found.task.id)) return null;
    ids.push(found.task.id);
  }
  return ids;
}

/** Deleting several tasks is a bulk delete, however they were named: preview, then a yes. */
async function confirmDeletes(ids: number[], input: TurnInput) {
  const tasks = (await input.tools.tasks()).filter((t) => ids.includes(t.id));
  if (tasks.length < ids.length) {
    const missing = ids.filter((id) => !tasks.some((t) => t.id === id));
    return done(
      `I couldn't find ${missing.map((id) => `#${id}`).join(', ')}. Nothing was deleted.`,
    );
  }
  return done(
    `This will delete ${tasks.length} tasks:\n${bulletList(tasks, input.now, input.timeZone)}\nAre you sure? Reply “yes” to delete them or “no” to keep them.`,
    { kind: 'confirm', action: 'delete', taskIds: tasks.map((t) => t.id) },
  );
}

/** Acting on one task: resolve the reference (asking when several match), then call a tool. */

export async function act(ref: string, action: Action, input: TurnInput, patch?: Patch) {
  ref = ref.replace(/\s+(?:too|as well|also|please)$/, '').trim();
  if (several.test(ref)) {
    const ids = [...ref.matchAll(/\d+/g)].map((m) => Number(m[0]));
    return action === 'delete' ? confirmDeletes(ids, input) : actOnMany(ids, action, input, patch);
  }
  const named = await severalByTitle(ref, action, input);
  if (named) {
    return action === 'delete'
      ? confirmDeletes(named, input)
      : actOnMany(named, action, input, patch);
  }
  const remembered = fromMemory(ref, input);
  // "it" when several tasks are in view is a question, not all of them.
  if (remembered && remembered.length > 1 && singularPronoun.test(ref)) {
    const tasks = await input.tools.tasks();
    const shown = remembered
      .map((id) => tasks.find((t) => t.id === id))
      .filter((t): t is Task => Boolean(t))
      .slice(0, 5);
    return done(
      `Which one do you mean?\n${bulletList(shown, input.now, input.timeZone)}\nReply with “the first one”, “the second one”… or a task number.`,
      { kind: 'choose', action, patch, candidates: shown.map((t) => t.id) },
    );
  }
  if (remembered && remembered.length > 1) {
    return action === 'delete'
      ? confirmDeletes(remembered, input)
      : actOnMany(remembered, action, input, patch);
  }
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
      if (!r.ok) return done(`I couldn't change that: ${(r.result as { error: string }).error}.`);
      return {
        ...done(`Nice work! Marked ${describeTask(task, now, timeZone)} as done.`),
        memory: { ...(input.memory ?? emptyMemory()), focus: [task.id], last: { action } },
      };
    }
    case 'reopen': {
      if (!task.completed) return done(`${describeTask(task, now, timeZone)} is still open.`);
      const r = await tools.call('update_task', { taskId: task.id, completed: false });
      if (!r.ok) return done(`I couldn't change that: ${(r.result as { error: string }).error}.`);
      return {
        ...done(`Reopened ${describeTask(r.result as Task, now, timeZone)}.`),
        memory: { ...(input.memory ?? emptyMemory()), focus: [task.id], last: { action } },
      };
    }
    case 'delete': {
      const r = await tools.call('delete_task', { taskId: task.id });
      if (!r.ok) return done(`I didn't delete it: ${(r.result as { error: string }).error}`);
      return done(`Deleted #${task.id} “${task.title}”. Say “undo” to bring it back.`);
    }
    case 'update': {
      if (patch?.askDate) {
        return {
          ...done(
            `Until when should I move ${describeTask(task, now, timeZone)}? For example “monday”, “in 3 days” or “friday at 5pm”.`,
            { kind: 'when', taskId: task.id },
          ),
          memory: { ...(input.memory ?? emptyMemory()), focus: [task.id] },
        };
      }
      const args: Record<string, unknown> = { taskId: task.id };
      if (patch?.title) args.title = patch.title;
      if (patch?.priority) args.priority = patch.priority;
      if (patch?.priorityStep) {
        const levels = ['low', 'medium', 'high'] as const;
        const at = levels.indexOf(task.priority) + patch.priorityStep;
        args.priority = levels[Math.max(0, Math.min(2, at))];
      }
      if (patch?.dueAt !== undefined) args.dueAt = patch.dueAt;
      const due = dueFromPatch(task, patch, input);
      if (due) args.dueAt = due;
      if (patch?.description) args.description = patch.description;
      if (patch?.recurrence !== undefined) args.recurrence = patch.recurrence;
      if (patch?.addTags || patch?.removeTags || patch?.clearTags) {
        const tags = new Set(patch.clearTags ? [] : task.tags);
        patch.addTags?.forEach((t) => tags.add(t));
        patch.removeTags?.forEach((t) => tags.delete(t));
        args.tags = [...tags];
      }
      const r = await tools.call('update_task', args);
      if (!r.ok) return done(`I couldn't change that: ${(r.result as { error: string }).error}.`);
      return {
        ...done(`Updated ${describeTask(r.result as Task, now, timeZone)}.`),
        memory: {
          ...(input.memory ?? emptyMemory()),
          focus: [task.id],
          last: { action, ...(patch ? { patch } : {}) },
        },
      };
    }
  }
}

/** The new due instant for a time-only, day-only or shift change, in the user's zone. */
function dueFromPatch(task: Task, patch: Patch | undefined, input: TurnInput): string | null {
  if (!patch) return null;
  const { timeZone, now } = input;
  const current = task.dueAt ? wallClock(new Date(task.dueAt), timeZone) : null;
  if (patch.shiftMinutes !== undefined) {
    const base = task.dueAt
      ? new Date(task.dueAt)
      : zonedInstant(
          timeZone,
          wallClock(now, timeZone).year,
          wallClock(now, timeZone).month,
          wallClock(now, timeZone).day,
          23,
          59,
        );
    return new Date(base.getTime() + patch.shiftMinutes * 60_000).toISOString();
  }
  // A day, a time, or both ("move it to friday and set it for 3pm"): what is not named is kept.
  if (patch.dueTime || patch.dueDay) {
    const day = patch.dueDay
      ? wallClock(new Date(patch.dueDay), timeZone)
      : (current ?? wallClock(now, timeZone));
    const [h, m] = patch.dueTime ?? (current ? [current.hour, current.minute] : [23, 59]);
    return zonedInstant(timeZone, day.year, day.month, day.day, h, m).toISOString();
  }
  return null;
}
