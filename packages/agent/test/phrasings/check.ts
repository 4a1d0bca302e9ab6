import type { Task } from '@todo/contracts';
import type { SeedKey } from '../harness';

/** How a phrasing is judged: by the task state after the turn(s), never by the reply's wording. */
export interface Outcome {
  before: Task[];
  after: Task[];
  ids: Record<SeedKey, number>;
  reply: string;
  asked: boolean;
}
export type Check = (o: Outcome) => string | null;

const eodIso = (d: string) => `${d}T23:59:00.000Z`;
const byId = (tasks: Task[], id: number) => tasks.find((t) => t.id === id);
const same = (a: Task, b: Task) =>
  JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });

function created(o: Outcome): Task[] {
  return o.after.filter((t) => !o.before.some((b) => b.id === t.id));
}
function removed(o: Outcome): Task[] {
  return o.before.filter((t) => !o.after.some((a) => a.id === t.id));
}
function changedOthers(o: Outcome, except: number[]): string | null {
  for (const b of o.before) {
    if (except.includes(b.id)) continue;
    const a = byId(o.after, b.id);
    if (!a) return `#${b.id} was deleted`;
    if (!same(a, b)) return `#${b.id} “${b.title}” changed`;
  }
  return null;
}

export interface TaskSpec {
  title?: string;
  due?: string | null;
  tags?: string[];
  priority?: Task['priority'];
  description?: string;
  completed?: boolean;
  /** The task's RRULE (null: does not repeat); unchecked when absent. */
  recurrence?: string | null;
}

function matches(t: Task, spec: TaskSpec): string | null {
  if (spec.title !== undefined && t.title !== spec.title)
    return `title “${t.title}” ≠ “${spec.title}”`;
  if (spec.due !== undefined) {
    const want =
      spec.due === null
        ? null
        : spec.due.length === 10
          ? eodIso(spec.due)
          : new Date(spec.due).toISOString();
    if (t.dueAt !== want) return `dueAt ${t.dueAt} ≠ ${want}`;
  }
  if (spec.tags && JSON.stringify([...t.tags].sort()) !== JSON.stringify([...spec.tags].sort())) {
    return `tags ${t.tags} ≠ ${spec.tags}`;
  }
  if (spec.priority && t.priority !== spec.priority)
    return `priority ${t.priority} ≠ ${spec.priority}`;
  if (spec.description !== undefined && t.description !== spec.description) {
    return `description ${t.description} ≠ ${spec.description}`;
  }
  if (spec.completed !== undefined && t.completed !== spec.completed)
    return `completed ${t.completed}`;
  if (spec.recurrence !== undefined && t.recurrence !== spec.recurrence)
    return `recurrence ${t.recurrence} ≠ ${spec.recurrence}`;
  return null;
}

/** Exactly these new tasks (in order), nothing else touched. */
export const adds =
  (...specs: TaskSpec[]): Check =>
  (o) => {
    const c = created(o).sort((a, b) => a.id - b.id);
    if (c.length !== specs.length)
      return `created ${c.length} tasks (${c.map((t) => t.title).join(' | ')}), wanted ${specs.length}`;
    for (let i = 0; i < specs.length; i++) {
      const wrong = matches(c[i]!, { priority: 'medium', tags: [], due: null, ...specs[i] });
      if (wrong) return wrong;
    }
    return changedOthers(o, []);
  };

/** Only the named seed tasks change, each to match its spec; nothing created or deleted. */
export const changes =
  (specs: Partial<Record<SeedKey, TaskSpec>>): Check =>
  (o) => {
    if (created(o).length) return `created ${created(o).map((t) => t.title)}`;
    const keys = Object.keys(specs) as SeedKey[];
    for (const key of keys) {
      const t = byId(o.after, o.ids[key]);
      if (!t) return `${key} was deleted`;
      const wrong = matches(t, specs[key]!);
      if (wrong) return `${key}: ${wrong}`;
    }
    return changedOthers(
      o,
      keys.map((k) => o.ids[k]),
    );
  };

export const completes = (...keys: SeedKey[]): Check =>
  changes(Object.fromEntries(keys.map((k) => [k, { completed: true }])));

export const deletes =
  (...keys: SeedKey[]): Check =>
  (o) => {
    const gone = removed(o)
      .map((t) => t.id)
      .sort();
    const want = keys.map((k) => o.ids[k]).sort();
    if (JSON.stringify(gone) !== JSON.stringify(want))
      return `deleted ${removed(o).map((t) => t.title)}`;
    if (created(o).length) return 'created a task';
    return changedOthers(o, want);
  };

/** Nothing changes (questions, chit-chat, ambiguity, refusals). */
export const nothing: Check = (o) =>
  created(o).length ? `created ${created(o).map((t) => t.title)}` : changedOthers(o, []);

/** Nothing changes and the engine asks which task (or for a yes). */
export const asks: Check = (o) => nothing(o) ?? (o.asked ? null : 'did not ask');

/** A read: nothing changes, and the reply names exactly these seed tasks (of those seeded). */
export const lists =
  (...keys: SeedKey[]): Check =>
  (o) => {
    const wrong = nothing(o);
    if (wrong) return wrong;
    for (const [key, id] of Object.entries(o.ids)) {
      const t = byId(o.before, id)!;
      const shown = o.reply.includes(`“${t.title}”`);
      if (keys.includes(key as SeedKey) !== shown) return `${shown ? 'showed' : 'missed'} ${key}`;
    }
    return null;
  };

/** A count question: nothing changes and the reply says this number with the right plural. */
export const counts =
  (n: number): Check =>
  (o) =>
    nothing(o) ??
    (new RegExp(`\\b${n} (?:[\\w#-]+ )*tasks?\\b`).test(o.reply) &&
    (n === 1 ? !/\b1 (?:[\w#-]+ )*tasks\b/.test(o.reply) : true)
      ? null
      : `reply “${o.reply.split('\n')[0]}” does not count ${n}`);

/** The seed tasks still open (all but laundry). */
export const open = ['milk', 'mom', 'plumber', 'report', 'dentist', 'taxes', 'rent'] as const;

/** A wall-clock instant on the test day (Thu 26 Nov 2026, UTC unless `d` says another day). */
export const T = (h: number, m = 0, d = '2026-11-26') =>
  `${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;

/** After an undo: every seed task is back as it was, under the same number. */
export const restored: Check = (o) => {
  const missing = o.before.filter((b) => !o.after.some((a: Task) => a.id === b.id));
  if (missing.length) return `not back under its number: ${missing.map((t) => `#${t.id}`)}`;
  return nothing(o);
};

/** Two changes in one command: both done, or nothing done and a question asked; never half. */
export const bothOrAsks =
  (specs: Partial<Record<SeedKey, TaskSpec>>): Check =>
  (o) => {
    if (!changes(specs)(o)) return null;
    if (!asks(o)) return null;
    return `did half or something else: ${changes(specs)(o)}`;
  };
