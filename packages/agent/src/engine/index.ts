import type { ListTasksArgs, Priority, Task } from '@todo/contracts';
import type { Toolbox } from '../tools';
import { parseDue } from './dates';
import { bulletList, describeTask, HELP } from './format';

/**
 * The offline engine: deterministic understanding of task requests, no model needed.
 * It maps a message to tool calls and a friendly reply. Task titles are only ever matched
 * as data; nothing in a title can change what the engine does.
 */

type Action = 'complete' | 'reopen' | 'delete' | 'update';
type Patch = {
  title?: string;
  priority?: Priority;
  dueAt?: string | null;
  addTags?: string[];
  removeTags?: string[];
  description?: string;
};

/** What the engine waits for between turns; stored with the assistant's message. */
export type PendingState =
  | { kind: 'choose'; action: Action; patch?: Patch; candidates: number[] }
  | { kind: 'confirm'; action: 'delete_all' | 'delete_completed' };

export interface TurnInput {
  message: string;
  now: Date;
  timeZone: string;
  pending: PendingState | null;
  tools: Toolbox;
}

export interface TurnResult {
  reply: string;
  pending: PendingState | null;
  /** False when the engine did not understand the message (the help reply). */
  understood: boolean;
}

const ordinals: Record<string, number> = {
  first: 1,
  '1st': 1,
  one: 1,
  second: 2,
  '2nd': 2,
  two: 2,
  third: 3,
  '3rd': 3,
  three: 3,
  fourth: 4,
  '4th': 4,
  four: 4,
  fifth: 5,
  '5th': 5,
  five: 5,
};

const stopWords = new Set(
  "a an the my me i i'm im i've ive one ones thing things task tasks todo todos item items that this those these it its about with for to of on in and or please just already now finally all of from".split(
    ' ',
  ),
);

function normalise(message: string): string {
  return message
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/[.!?]+$/, '')
    .trim();
}

const keywords = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s#-]/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^#/, ''))
    .filter((w) => w && !stopWords.has(w))
    .map(stem);

function stem(word: string): string {
  return word.length > 4 && word.endsWith('ies')
    ? `${word.slice(0, -3)}y`
    : word.length > 3 && word.endsWith('s') && !word.endsWith('ss')
      ? word.slice(0, -1)
      : word;
}

const idPattern = /^(?:task|number|no\.?|item)?\s*#?\s*(\d+)$/;

// --- entry point ---------------------------------------------------------------------------

export async function runOfflineTurn(input: TurnInput): Promise<TurnResult> {
  const text = normalise(input.message);
  if (input.pending) {
    const handled = await followUp(text, input.pending, input);
    if (handled) return handled;
  }
  for (const intent of intents) {
    const result = await intent(text, input);
    if (result) return result;
  }
  return { reply: HELP, pending: null, understood: false };
}

type Intent = (text: string, input: TurnInput) => Promise<TurnResult | null>;

const done = (reply: string, pending: PendingState | null = null): TurnResult => ({
  reply,
  pending,
  understood: true,
});

const help = (reply: string): TurnResult => ({ reply, pending: null, understood: false });

// --- follow-ups: choosing among candidates, confirming bulk deletes --------------------------

const yes =
  /^(y|yes|yeah|yep|yup|sure|ok|okay|confirm(ed)?|do it|go ahead|please do|delete (them|it|all|everything)|yes,? .*)$/;
const no = /^(n|no|nope|nah|cancel|stop|don't|dont|never ?mind|keep (them|it)|no,? .*|abort)$/;

async function followUp(
  text: string,
  pending: PendingState,
  input: TurnInput,
): Promise<TurnResult | null> {
  if (pending.kind === 'confirm') {
    if (no.test(text)) return done('Okay, I kept everything. Nothing was deleted.');
    if (!yes.test(text)) return null;
    const tasks = await input.tools.tasks();
    const targets = pending.action === 'delete_all' ? tasks : tasks.filter((t) => t.completed);
    for (const task of targets) await input.tools.call('delete_task', { taskId: task.id });
    const what = pending.action === 'delete_all' ? 'task' : 'completed task';
    return done(
      targets.length
        ? `Done: deleted ${targets.length} ${what}${targets.length === 1 ? '' : 's'}.`
        : `There was nothing to delete.`,
    );
  }

  if (no.test(text) || /^(neither|none( of them)?)$/.test(text)) {
    return done('Okay, I left your tasks as they were.');
  }
  const tasks = (await input.tools.tasks()).filter((t) => pending.candidates.includes(t.id));
  const ordered = pending.candidates
    .map((id) => tasks.find((t) => t.id === id))
    .filter((t): t is Task => Boolean(t));
  const chosen = pickCandidate(text, ordered);
  if (!chosen) return null;
  return perform(pending.action, chosen, pending.patch, input);
}

function pickCandidate(text: string, candidates: Task[]): Task | null {
  const t = text
    .replace(/^(the|it's|its|it is|i mean|i meant)\s+/, '')
    .replace(/\s+(one|task)$/, '');
  if (/^(last|latter|final)$/.test(t)) return candidates.at(-1) ?? null;
  if (/^(former)$/.test(t)) return candidates[0] ?? null;
  if (ordinals[t]) return candidates[ordinals[t] - 1] ?? null;
  const id = idPattern.exec(t);
  if (id) {
    const n = Number(id[1]);
    return candidates.find((c) => c.id === n) ?? candidates[n - 1] ?? null;
  }
  const words = keywords(t);
  if (!words.length) return null;
  const matches = candidates.filter((c) => words.every((w) => keywords(c.title).includes(w)));
  return matches.length === 1 ? matches[0]! : null;
}

// --- resolving "task 4" / "the milk one" ------------------------------------------------------

type Resolution = { kind: 'one'; task: Task } | { kind: 'many'; tasks: Task[] } | { kind: 'none' };

async function resolve(ref: string, action: Action, input: TurnInput): Promise<Resolution> {
  const cleaned = ref
    .replace(/^(the|my|that|this)\s+/, '')
    .replace(/\s+(task|one|item|todo|thing)$/, '')
    .trim();
  const tasks = await input.tools.tasks();
  const id = idPattern.exec(cleaned);
  if (id) {
    const task = tasks.find((t) => t.id === Number(id[1]));
    return task ? { kind: 'one', task } : { kind: 'none' };
  }
  const words = keywords(cleaned);
  if (!words.length) return { kind: 'none' };
  const scored = tasks
    .map((task) => {
      const titleWords = keywords(`${task.title} ${task.tags.join(' ')}`);
      const hits = words.filter((w) => titleWords.some((t) => t === w || t.startsWith(w)));
      return { task, hits: hits.length };
    })
    .filter((s) => s.hits > 0);
  if (!scored.length) return { kind: 'none' };
  const best = Math.max(...scored.map((s) => s.hits));
  let top = scored.filter((s) => s.hits === best).map((s) => s.task);
  // Completing looks at open tasks first, reopening at completed ones.
  const preferred =
    action === 'complete'
      ? top.filter((t) => !t.completed)
      : action === 'reopen'
        ? top.filter((t) => t.completed)
        : top;
  if (preferred.length) top = preferred;
  return top.length === 1 ? { kind: 'one', task: top[0]! } : { kind: 'many', tasks: top };
}

async function act(ref: string, action: Action, input: TurnInput, patch?: Patch) {
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

async function perform(
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

// --- the intents, tried in order -------------------------------------------------------------

const helpIntent: Intent = async (text) => {
  if (
    !text ||
    /^(help|\?|what can you do|what do you do|how does this work|commands|options|menu)\b/.test(
      text,
    )
  ) {
    return help(HELP);
  }
  if (/^(hi|hello|hey|yo|good (morning|afternoon|evening))\b[\s,!]*$/.test(text)) {
    return help(`Hello! ${HELP}`);
  }
  if (/^(thanks|thank you|thx|cheers|great|cool|nice)\b/.test(text)) {
    return done('You’re welcome! Anything else for your list?');
  }
  return null;
};

const bulkDeleteIntent: Intent = async (text) => {
  const destroy = /\b(delete|remove|clear|erase|wipe|trash|purge|get rid of)\b/;
  // "add … delete everything" is a task to add, not a request.
  if (!destroy.test(text) || addTrigger.test(text)) return null;
  const completedOnly = /\b(completed|done|finished|checked off)\b/.test(text);
  const everything =
    /\b(all|every|everything)\b/.test(text) ||
    /\b(clear|wipe|empty)\s+(out\s+)?(my|the)\s+(list|tasks|todos)\b/.test(text);
  if (
    completedOnly &&
    (everything ||
      /^(clear|remove|delete|purge)\s+(the\s+|my\s+)?(completed|done|finished)(\s+(tasks|todos|ones|items))?$/.test(
        text,
      ))
  ) {
    return done(
      'This will delete every completed task. Are you sure? Reply “yes” to delete them or “no” to keep them.',
      { kind: 'confirm', action: 'delete_completed' },
    );
  }
  if (everything && /\b(tasks|todos|list|everything|all of them|items)\b/.test(text)) {
    return done(
      'This will delete ALL of your tasks, open and done. Are you sure? Reply “yes” to delete everything or “no” to keep them.',
      { kind: 'confirm', action: 'delete_all' },
    );
  }
  return null;
};

const reopenIntent: Intent = async (text, input) => {
  const m =
    /^(?:please\s+)?(?:reopen|re-open|uncomplete|un-complete|unmark|undo|restore|uncheck)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:mark|set|put)\s+(.+?)\s+(?:as\s+|back\s+to\s+)?(?:not done|undone|incomplete|not complete|not completed|not finished|pending|open|unfinished)$/.exec(
      text,
    ) ??
    /^(.+?)\s+(?:is|isn't|is not)\s+(?:not\s+)?(?:done|finished|complete)\s+(?:yet|after all)$/.exec(
      text,
    );
  return m ? act(m[1]!, 'reopen', input) : null;
};

const completeIntent: Intent = async (text, input) => {
  const m =
    /^(?:i\s+)?(?:i've|ive|i have)?\s*(?:just\s+|already\s+|finally\s+)?(?:finished|completed|did|done with|am done with|'m done with|ticked off|checked off)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:i'm|im|i am)\s+(?:done|finished)\s+with\s+(.+)$/.exec(text) ??
    /^(?:please\s+)?(?:mark|set|tick|check)\s+(.+?)\s+(?:as\s+|off\s+as\s+)?(?:done|complete|completed|finished|off)$/.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:complete|finish|check off|tick off|cross off|close)\s+(.+)$/.exec(text) ??
    /^done\s+(?:with\s+)?(.+)$/.exec(text) ??
    /^(.+?)\s+(?:is|are)\s+(?:now\s+)?(?:done|complete|completed|finished)$/.exec(text) ??
    /^(task\s*#?\d+|#\d+|\d+)\s+(?:done|complete|completed|finished)$/.exec(text);
  return m ? act(m[1]!, 'complete', input) : null;
};

const priorityWords: Record<string, Priority> = {
  high: 'high',
  urgent: 'high',
  important: 'high',
  top: 'high',
  medium: 'medium',
  normal: 'medium',
  low: 'low',
};

const question =
  /^(what|what's|whats|which|who|when|how|anything|is there|are there|do i|show|list)\b/;

const updateIntent: Intent = async (text, input) => {
  if (question.test(text)) return null;
  let m: RegExpExecArray | null;
  // rename
  m =
    /^(?:please\s+)?(?:rename|retitle)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/.exec(text) ??
    /^change\s+(?:the\s+)?(?:title|name)\s+(?:of\s+)?(.+?)\s+to\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { title: originalCase(input.message, m[2]!) });

  // priority
  m =
    /^(?:set|change|make)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(.+?)\s+(?:to\s+)?(high|medium|normal|low)$/.exec(
      text,
    ) ??
    /^(?:please\s+)?(?:make|set|mark|change|bump|raise|lower|move|put)\s+(.+?)\s+(?:to\s+|as\s+|at\s+)?(high|medium|normal|low|urgent|important|top)(?:\s+priority)?$/.exec(
      text,
    );
  if (m) return act(m[1]!, 'update', input, { priority: priorityWords[m[2]!]! });
  m = /^(?:prioriti[sz]e)\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { priority: 'high' });
  m = /^(?:deprioriti[sz]e)\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { priority: 'low' });

  // due date: clear
  m =
    /^(?:remove|clear|delete|drop)\s+(?:the\s+)?(?:due date|deadline)\s+(?:from|of|on|for)\s+(.+)$/.exec(
      text,
    ) ?? /^(.+?)\s+(?:has|needs)\s+no\s+(?:due date|deadline)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { dueAt: null });

  // due date: move
  m =
    /^(?:please\s+)?(?:push|move|postpone|reschedule|delay|defer|shift|bump|change the due date of|change the deadline of|set the due date of|set the due date for|set due date for|set the deadline for)\s+(.+?)\s+(?:to|until|till|for|by)\s+(.+)$/.exec(
      text,
    ) ??
    /^(.+?)\s+is\s+(?:now\s+)?due\s+(.+)$/.exec(text) ??
    /^(?:make|set)\s+(.+?)\s+due\s+(.+)$/.exec(text);
  if (m) {
    const due = parseDue(m[2]!, input.now, input.timeZone);
    if (due) return act(m[1]!, 'update', input, { dueAt: due.dueAt.toISOString() });
    if (/^(?:push|move|postpone|reschedule|delay|defer)/.test(text)) {
      return done(
        `I didn't understand the date “${m[2]}”. Try “tomorrow”, “next monday”, “in 3 days” or “dec 3 at 5pm”.`,
      );
    }
  }

  // tags
  m = /^(?:please\s+)?(?:tag|label)\s+(.+?)\s+(?:with|as)\s+(.+)$/.exec(text);
  if (m) return act(m[1]!, 'update', input, { addTags: tagList(m[2]!) });
  m = /^add\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+to\s+(.+)$/.exec(text);
  if (m) return act(m[2]!, 'update', input, { addTags: tagList(m[1]!) });
  m = /^add\s+((?:#[\w-]+\s*)+)\s+to\s+(.+)$/.exec(text);
  if (m) return act(m[2]!, 'update', input, { addTags: tagList(m[1]!) });
  m =
    /^(?:remove|delete|drop)\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+from\s+(.+)$/.exec(text) ??
    /^(?:remove|delete|drop)\s+((?:#[\w-]+\s*)+)\s+from\s+(.+)$/.exec(text) ??
    /^untag\s+(.+?)\s+from\s+(.+)$/.exec(text);
  if (m) return act(m[2]!, 'update', input, { removeTags: tagList(m[1]!) });

  // description
  m =
    /^(?:add\s+(?:a\s+)?note\s+to|set\s+(?:the\s+)?description\s+(?:of|for))\s+(.+?)(?::\s*|\s+to\s+|\s+saying\s+)(.+)$/.exec(
      text,
    );
  if (m) return act(m[1]!, 'update', input, { description: originalCase(input.message, m[2]!) });
  return null;
};

const deleteIntent: Intent = async (text, input) => {
  const m =
    /^(?:please\s+)?(?:delete|remove|drop|erase|trash|scrap|get rid of|cancel|forget|forget about)\s+(.+?)(?:\s+from\s+(?:my|the)\s+(?:list|tasks|todos))?$/.exec(
      text,
    );
  return m ? act(m[1]!, 'delete', input) : null;
};

const listIntent: Intent = async (text, input) => {
  const asks =
    /^(?:please\s+)?(?:show|list|display|view|see|give me|get|find|search|look up|look for|what|what's|whats|which|any|anything|do i have|have i|how many|tell me|remind me what|check)\b/.test(
      text,
    ) ||
    /^(?:my\s+)?(?:pending|open|completed|done|finished|overdue|high priority|low priority|urgent|important|all)(?:\s+(?:tasks|todos|items|ones))?$/.test(
      text,
    ) ||
    /^(?:my\s+)?(?:tasks|todos|list|to-?do list|agenda)$/.test(text) ||
    /^#[\w-]+$/.test(text);
  const aboutTasks =
    /\b(tasks?|todos?|to-?do|list|due|overdue|late|pending|open|completed|done|finished|priority|urgent|important|tagged|agenda|left|remaining|plate|schedule|for me)\b|#[\w-]+/.test(
      text,
    ) || /^(show|list|display|view|search|find|look for|look up)\b/.test(text);
  if (!asks || !aboutTasks) return null;
  const filters: ListTasksArgs = {};
  if (
    /\bwhat (?:have|did) i (?:done|finished|completed|do)\b|\b(?:completed|finished|done|closed)\b/.test(
      text,
    )
  ) {
    filters.status = 'completed';
  } else if (/\b(?:all|everything|every task|all of)\b/.test(text)) {
    filters.status = 'all';
  } else {
    filters.status = 'pending';
  }
  if (/\b(?:high|top)[- ]priority\b|\b(?:urgent|important)\b/.test(text)) filters.priority = 'high';
  else if (/\blow[- ]priority\b/.test(text)) filters.priority = 'low';
  else if (/\b(?:medium|normal)[- ]priority\b/.test(text)) filters.priority = 'medium';
  if (/\b(?:overdue|late|past due|missed|behind)\b/.test(text)) filters.due = 'overdue';
  else if (/\b(?:today|tonight)\b/.test(text)) filters.due = 'today';
  else if (/\b(?:this week|the week|next 7 days|next seven days|coming week|week)\b/.test(text))
    filters.due = 'week';
  const tag =
    /#([\w-]+)/.exec(text) ??
    /\b(?:tagged|tag|labell?ed|label|in category)\s+(?:as\s+|with\s+)?#?([\w-]+)/.exec(text);
  if (tag) filters.tag = tag[1]!;
  const q =
    /\b(?:about|containing|mentioning|matching|with the word|search for|search|find|look for|called|named)\s+"?([^"]+?)"?$/.exec(
      text,
    );
  if (q && !tag) {
    const query = q[1]!.replace(/^(?:my\s+)?(?:tasks?|todos?)\s+(?:about|with|for)\s+/, '').trim();
    if (query && !/^(?:my\s+)?(?:tasks?|todos?)$/.test(query)) filters.q = query;
  }
  const r = await input.tools.call('list_tasks', filters);
  const tasks = r.result as Task[];
  const label = describeFilters(filters);
  if (!tasks.length) {
    return done(
      filters.status === 'pending' &&
        !filters.priority &&
        !filters.due &&
        !filters.tag &&
        !filters.q
        ? 'Your list is clear: no pending tasks. Add one with “add …”.'
        : `No ${label} found.`,
    );
  }
  const shown = tasks.slice(0, 20);
  const more = tasks.length > shown.length ? `\n…and ${tasks.length - shown.length} more.` : '';
  return done(
    `You have ${tasks.length} ${label}:\n${bulletList(shown, input.now, input.timeZone)}${more}`,
  );
};

function describeFilters(f: ListTasksArgs): string {
  const parts: string[] = [];
  if (f.status === 'pending') parts.push('pending');
  if (f.status === 'completed') parts.push('completed');
  if (f.priority) parts.push(`${f.priority}-priority`);
  if (f.due === 'overdue') parts.push('overdue');
  let noun = 'tasks';
  if (f.due === 'today') noun += ' due today';
  if (f.due === 'week') noun += ' due this week';
  if (f.tag) noun += ` tagged #${f.tag}`;
  if (f.q) noun += ` matching “${f.q}”`;
  return [...parts, noun].join(' ');
}

const addTrigger =
  /^(?:please\s+)?(?:can you\s+|could you\s+)?(?:add|create|new|make|put|insert|schedule|remind me(?!\s+what)(?:\s+to)?|remember to|don't forget to|dont forget to|i need to|i have to|i must|i should|i gotta|need to|todo:?|to-do:?|task:)\s*(.*)$/;

const addIntent: Intent = async (text, input) => {
  const m = addTrigger.exec(text);
  if (!m) return null;
  // Work on the original text (to keep the user's capitalisation), from where the verb ended.
  let rest = input.message
    .trim()
    .slice(input.message.trim().length - m[1]!.length)
    .trim();
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

const intents: Intent[] = [
  helpIntent,
  bulkDeleteIntent,
  reopenIntent,
  completeIntent,
  updateIntent,
  deleteIntent,
  addIntent,
  listIntent,
];

/** The user's own capitalisation of a phrase found in the normalised text. */
function originalCase(message: string, lowered: string): string {
  // Same length as the message, so an index found here is an index into the message.
  const comparable = message.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  const at = comparable.lastIndexOf(lowered);
  const text = at >= 0 ? message.slice(at, at + lowered.length) : lowered;
  return text.replace(/^["“]|["”]$/g, '').trim();
}

function tagList(text: string): string[] {
  return text
    .split(/[\s,]+|\band\b/)
    .map((t) => t.replace(/^#/, '').toLowerCase())
    .filter((t) => t && t !== 'tag' && t !== 'tags' && t !== 'the');
}
