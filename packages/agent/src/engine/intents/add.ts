import type { Priority, Task } from '@todo/contracts';
import { priorityWords } from '../attributes';
import { parseDue } from '../dates';
import { describeTask } from '../format';
import { done, type Intent } from '../turn';

/** Adding a task: the verb, then priority, tags and due date taken out of the title. */

export const addTrigger =
  /^(?:please\s+)?(?:can you\s+|could you\s+)?(?:add|create|new|make|put|insert|schedule|remind me(?!\s+what)(?:\s+to)?|remember to|don't forget to|dont forget to|i need to|i have to|i must|i should|i gotta|need to|todo:?|to-do:?|task:)\s*(.*)$/;

export const addIntent: Intent = async (text, input) => {
  const m = addTrigger.exec(text);
  if (!m) return null;
  // Work on the original text (to keep the user's capitalisation), from where the verb ended.
  // Spaces and the closing punctuation are cut as normalise() cuts them, so the lengths agree:
  // "Add buy milk." must not lose the first letter of its title.
  const original = input.message
    .replace(/\s+/g, ' ')
    .replace(/[.!?]+$/, '')
    .trim();
  let rest = original.slice(original.length - m[1]!.length).trim();
  rest = rest.replace(/[.!]+$/, '');
  rest = rest
    .replace(/\s+(?:to|on|onto|in)\s+(?:my|the)\s+(?:to-?do\s+)?(?:list|tasks|todos)$/i, '')
    .replace(/^(?:a|an|the|new)\s+/i, '');
  let priority: Priority | undefined;
  const p =
    /\b(?:with\s+|at\s+)?(high|medium|normal|low|top)[- ]priority\b|\bpriority[: ]\s*(high|medium|normal|low)\b|\b(urgent|important)\b|\bas\s+(urgent|important)\b/i.exec(
      rest,
    );
  if (p) {
    priority = priorityWords[(p[1] ?? p[2] ?? p[3] ?? p[4])!.toLowerCase()];
    rest = `${rest.slice(0, p.index)} ${rest.slice(p.index + p[0].length)}`;
  }
  rest = rest
    .replace(
      /^\s*(?:a|an)?\s*(?:task|todo|to-do|reminder|item|note)\b\s*(?:to|:|called|named|for|that says)?\s*/i,
      '',
    )
    .replace(/^\s*(?:to|:)\s+/i, '');
  const tags = [...rest.matchAll(/(?:^|\s)#([\p{L}\p{N}_-]+)/gu)].map((t) => t[1]!.toLowerCase());
  rest = rest.replace(/(?:^|\s)#[\p{L}\p{N}_-]+/gu, ' ');
  let dueAt: string | undefined;
  const due = parseDue(rest, input.now, input.timeZone);
  if (due) {
    dueAt = due.dueAt.toISOString();
    const at = rest.toLowerCase().indexOf(due.text.toLowerCase());
    rest = `${rest.slice(0, at)} ${rest.slice(at + due.text.length)}`;
  }
  const title = rest
    .replace(/\s+/g, ' ')
    .replace(/\s*[,;:-]\s*$/, '')
    .replace(/\s+(?:by|on|due|at|for|before|until|and|with)\s*$/i, '')
    .replace(/^\s*(?:to|:)\s+/i, '')
    .trim();
  if (!title) return done('What should the task say? For example: “add buy milk tomorrow”.');
  const args: Record<string, unknown> = { title: title[0]!.toUpperCase() + title.slice(1) };
  if (priority) args.priority = priority;
  if (dueAt) args.dueAt = dueAt;
  if (tags.length) args.tags = [...new Set(tags)];
  const r = await input.tools.call('add_task', args);
  if (!r.ok) return done(`I couldn't add that: ${(r.result as { error: string }).error}.`);
  return done(`Added ${describeTask(r.result as Task, input.now, input.timeZone)}.`);
};
