import type { Priority } from '@todo/contracts';
import { bulkDeleteRequested, findDue, findTime } from '@todo/language';
import { perform } from '../act';
import { priorityWords, tagList } from '../attributes';
import {
  describeFilter,
  matching,
  parseFilter,
  plural as count,
  type TaskFilter,
} from '../filters';
import { bulletList } from '../format';
import { done, emptyMemory, type Action, type Intent, type Patch } from '../turn';
import { addTrigger } from './add';
import { minutesOf } from './update';

/**
 * Bulk actions: "mark all done", "make all my work tasks high priority", "move everything due
 * today to tomorrow", "delete all completed tasks". A bulk action acts exactly on the set its
 * filter names; the set is shown in the reply; a bulk delete only previews and waits for a yes.
 */

const quantifier = /^(?:all|every|everything|each)\b/;
const plural =
  /^(?:them|those|these|them all|all of them|those ones|these ones|both|both of them)$/;

function setFrom(
  words: string,
  knownTags: readonly string[],
  forDelete: boolean,
  when?: { now: Date; timeZone: string },
): TaskFilter {
  const f = parseFilter(words, knownTags, when);
  // "all" is how many, not which status: open tasks, unless the words say completed, or it is
  // a delete of "everything" (which means every task).
  if (f.status === 'all' && !forDelete) f.status = 'pending';
  if (
    forDelete &&
    f.status === 'pending' &&
    !/\b(?:pending|open|unfinished|incomplete)\b/.test(words)
  )
    f.status = 'all';
  return f;
}

// "add the tag admin to every finance task", "add #q4 to all work tasks": a tag, not a new task.
const addTagToAll =
  /^(?:please\s+)?(?:add|put)\s+(?:the\s+|a\s+)?(?:(?:tags?|labels?)\s+(#?[\w-]+)|(#[\w-]+)|([\w-]+)\s+(?:tag|label))\s+(?:to|on)\s+((?:all|every|everything|each)\b.*)$/;
const removeTagFromAll =
  /^(?:please\s+)?(?:remove|drop|take|strip|delete)\s+(?:the\s+)?(?:(?:tags?|labels?)\s+(#?[\w-]+)|(#[\w-]+)|([\w-]+)\s+(?:tag|label))\s+(?:from|off)(?:\s+of)?\s+((?:all|every|everything|each)\b.*)$/;

export const bulkIntent: Intent = async (text, input) => {
  if (addTrigger.test(text) && !addTagToAll.test(text)) return null;
  // Most messages are not bulk actions: the task list is read only for those that are.
  const bulkShaped = bulkDeleteRequested(text) || /\b(?:all|every|everything|each)\b/.test(text);
  if (!bulkShaped) return null;
  const tasks = await input.tools.tasks();
  const knownTags = [...new Set(tasks.flatMap((t) => t.tags))];

  if (bulkDeleteRequested(text) && !removeTagFromAll.test(text)) {
    const m =
      /^(?:.*?\b)?(?:delete|remove|erase|trash|scrap|drop|clear|wipe|purge|discard|ditch|nuke|destroy|bin|get rid of|throw away|throw out|cancel)\s+(?:out\s+)?(.*)$/.exec(
        text,
      );
    const words = m?.[1] ?? text;
    if (/^\d|^(?:tasks?\s+)?#?\d/.test(words)) return null;
    const filter = setFrom(words, knownTags, true, input);
    // "delete them" after a list: exactly the tasks shown, never every task.
    const shown = plural.test(words.trim()) ? (input.memory?.focus ?? []) : null;
    if (shown && !shown.length)
      return done('Which tasks? Show them first, for example “show my work tasks”.');
    const set = shown
      ? tasks.filter((t) => shown.includes(t.id))
      : matching(tasks, filter, input.now, input.timeZone);
    if (!set.length)
      return done(`There are no ${describeFilter(filter)} to delete. Nothing was changed.`);
    const first = set.slice(0, 20);
    return done(
      `This will delete ${count(set.length, 'task')} (${shown ? 'the ones shown' : describeFilter(filter)}):\n${bulletList(first, input.now, input.timeZone)}${set.length > first.length ? `\n…and ${set.length - first.length} more.` : ''}\nAre you sure? Reply “yes” to delete ${set.length === 1 ? 'it' : 'them'} or “no” to keep ${set.length === 1 ? 'it' : 'them'}.`,
      { kind: 'confirm', action: 'delete', taskIds: set.map((t) => t.id) },
    );
  }

  let m: RegExpExecArray | null;
  let action: Action | null = null;
  let words = '';
  let patch: Patch | undefined;
  const tagged = addTagToAll.exec(text) ?? removeTagFromAll.exec(text);
  if (tagged) {
    action = 'update';
    words = tagged[4]!;
    const tag = tagList(tagged[1] ?? tagged[2] ?? tagged[3]!);
    patch = /^(?:please\s+)?(?:add|put)\b/.test(text) ? { addTags: tag } : { removeTags: tag };
  } else if (
    (m =
      /^(?:please\s+)?(?:mark|set|tick|check)\s+((?:all|every|everything|each)\b.*?)\s+(?:as\s+|off\s+as\s+)?(?:done|complete|completed|finished|off)$/.exec(
        text,
      ) ??
      /^(?:please\s+)?(?:complete|finish|tick off|check off|close out|close|wrap up)\s+((?:all|every|everything|each)\b.*)$/.exec(
        text,
      ) ??
      /^(?:i(?:'m| am)?\s+)?(?:done with|finished|completed|did)\s+((?:all|every|everything|each)\b.*)$/.exec(
        text,
      ))
  ) {
    action = 'complete';
    words = m[1]!;
  } else if (
    (m =
      /^(?:please\s+)?(?:make|set|mark|change|bump|put)\s+((?:all|every|everything|each)\b.*?)\s+(?:to\s+|as\s+|at\s+)?(high|medium|normal|low|urgent|important|top)(?:\s+priority)?$/.exec(
        text,
      ))
  ) {
    action = 'update';
    words = m[1]!;
    patch = { priority: priorityWords[m[2]!] as Priority };
  } else if (
    (m =
      /^(?:please\s+)?(?:push|move|bump|delay|postpone|shift|defer)\s+((?:all|every|everything|each)\b.*?)\s+(back|forward|out|ahead|later|earlier)?\s*(?:by\s+)?(a|an|one|two|three|four|five|six|seven|\d+|a couple of|a few)\s+(days?|weeks?|hours?)(?:\s+(later|earlier|back|forward))?$/.exec(
        text,
      ))
  ) {
    // "push everything back a day": every task of the set that has a date moves by as much.
    const earlier = /^(?:forward|earlier)$/.test(m[2] ?? m[5] ?? '');
    action = 'update';
    words = m[1]!;
    patch = { shiftMinutes: (earlier ? -1 : 1) * minutesOf(m[3]!, m[4]!) };
  } else if (
    (m =
      /^(?:please\s+)?(?:move|push|postpone|reschedule|shift|delay|defer)\s+((?:all|every|everything|each)\b.*?)\s+(?:to|until|till|for)\s+(.+)$/.exec(
        text,
      ))
  ) {
    const time = findTime(m[2]!);
    const due = time ? null : findDue(m[2]!, input.now, input.timeZone);
    if (!time && !due) return null;
    action = 'update';
    words = m[1]!;
    patch = time
      ? { dueTime: time }
      : due!.hasTime
        ? { dueAt: due!.dueAt.toISOString() }
        : { dueDay: due!.dueAt.toISOString() };
  } else if (
    (m =
      /^(?:please\s+)?(?:tag|label)\s+((?:all|every|everything|each)\b.*?)\s+(?:with|as)\s+(.+)$/.exec(
        text,
      ))
  ) {
    action = 'update';
    words = m[1]!;
    patch = { addTags: tagList(m[2]!) };
  }
  if (!action || !quantifier.test(words)) return null;
  // Taking a tag off touches only the tasks that have it.
  const set = matching(tasks, setFrom(words, knownTags, false, input), input.now, input.timeZone)
    .filter((t) => !patch?.removeTags || patch.removeTags.some((tag) => t.tags.includes(tag)))
    // A shift moves dates: a task without one has nothing to move.
    .filter((t) => patch?.shiftMinutes === undefined || t.dueAt);
  const label = describeFilter(setFrom(words, knownTags, false, input));
  if (!set.length) return done(`There are no ${label}. Nothing was changed.`);
  for (const task of set) await perform(action, task, patch, input);
  const after = (await input.tools.tasks()).filter((t) => set.some((s) => s.id === t.id));
  const verb = action === 'complete' ? 'Marked as done' : 'Updated';
  return {
    ...done(
      `${verb} ${count(set.length, 'task')} (${label}):\n${bulletList(after, input.now, input.timeZone)}\nSay “undo” to reverse it.`,
    ),
    memory: { ...(input.memory ?? emptyMemory()), focus: set.map((t) => t.id) },
  };
};

/**
 * "rename tag work to office", "change the home label to house": the tag itself is renamed, on
 * every task that has it (done ones too); no task's title changes.
 */
export const renameTagIntent: Intent = async (text, input) => {
  const m =
    /^(?:please\s+)?(?:rename|change|retag|re-tag)\s+(?:the\s+)?(?:tags?|labels?)\s+#?([\p{L}\p{N}_-]+)\s+(?:to|as|into|with)\s+#?([\p{L}\p{N}_-]+)$/u.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:rename|change)\s+(?:the\s+|my\s+)?#?([\p{L}\p{N}_-]+)\s+(?:tags?|labels?)\s+(?:to|as|into)\s+#?([\p{L}\p{N}_-]+)(?:\s+(?:tags?|labels?))?$/u.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:rename|change|retag|re-tag)\s+#([\p{L}\p{N}_-]+)\s+(?:to|as|into|with)\s+#?([\p{L}\p{N}_-]+)$/u.exec(
      text,
    );
  if (!m) return null;
  const [from, to] = [tagList(m[1]!)[0], tagList(m[2]!)[0]];
  if (!from || !to) return null;
  const set = (await input.tools.tasks()).filter((t) => t.tags.includes(from));
  if (!set.length) return done(`No task is tagged #${from}, so nothing was changed.`);
  if (from === to) return done(`The tag is already #${to}; nothing was changed.`);
  for (const task of set)
    await perform('update', task, { removeTags: [from], addTags: [to] }, input);
  const after = (await input.tools.tasks()).filter((t) => set.some((s) => s.id === t.id));
  return {
    ...done(
      `Renamed #${from} to #${to} on ${count(set.length, 'task')}:\n${bulletList(after.slice(0, 20), input.now, input.timeZone)}\nSay “undo” to reverse it.`,
    ),
    memory: { ...(input.memory ?? emptyMemory()), focus: set.map((t) => t.id) },
  };
};
