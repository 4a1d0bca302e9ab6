import { describeTask } from '../format';
import { ordinals, resolve } from '../resolve';
import { done, emptyMemory, type Intent } from '../turn';

/**
 * "the second one" on its own, after a listing: that task is now the one in view, so the next
 * message ("done", "delete it", "make it urgent") acts on it. Nothing changes here.
 */
export const pointIntent: Intent = async (text, input) => {
  const m =
    /^(?:(?:and|what about|how about|i mean)\s+)?(?:the\s+)?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last)(?:\s+(?:one|task|item))?(?:\s+on the list)?$/.exec(
      text,
    );
  if (!m) return null;
  const listed = input.memory?.listed ?? [];
  const id = listed[m[1] === 'last' ? listed.length - 1 : ordinals[m[1]!]! - 1];
  const task = id === undefined ? undefined : (await input.tools.tasks()).find((t) => t.id === id);
  if (!task) {
    return done(
      listed.length
        ? `The last list had ${listed.length} task${listed.length === 1 ? '' : 's'}. Which one do you mean?`
        : 'Which list do you mean? Say “show my tasks” first, then pick one by its place or number.',
    );
  }
  return {
    ...done(
      `${describeTask(task, input.now, input.timeZone)}: what should I do with it? For example “done”, “delete it” or “make it urgent”.`,
    ),
    memory: { ...(input.memory ?? emptyMemory()), focus: [task.id] },
  };
};

/**
 * "when is the dentist?", "what about the report?": a question about one task. The reply
 * describes it, and it is then the task in view ("move it to 10am"). Nothing changes.
 */
export const aboutTaskIntent: Intent = async (text, input) => {
  const m =
    /^(?:when|what time|what day)\s+(?:is|are|was)\s+(?:the\s+|my\s+)?(.+?)(?:\s+(?:due|scheduled|happening|set for))?$/.exec(
      text,
    ) ?? /^(?:what about|how about|and)\s+(?:the\s+|my\s+)?(.+)$/.exec(text);
  if (!m || /^(?:it|that|this|them|everything|anything)$/.test(m[1]!)) return null;
  const found = await resolve(m[1]!, 'update', input);
  if (found.kind !== 'one') return null;
  return {
    ...done(`${describeTask(found.task, input.now, input.timeZone)}.`),
    memory: { ...(input.memory ?? emptyMemory()), focus: [found.task.id] },
  };
};
