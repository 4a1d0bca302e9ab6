import type { Task } from '@todo/contracts';
import { keywords } from './normalise';
import type { Action, TurnInput } from './turn';

/** Which task a reference means: a number, words of its title, or an answer to "which one?". */

export const ordinals: Record<string, number> = {
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

export const idPattern = /^(?:task|number|no\.?|item)?\s*#?\s*(\d+)$/;

export function pickCandidate(text: string, candidates: Task[]): Task | null {
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

export type Resolution =
  { kind: 'one'; task: Task } | { kind: 'many'; tasks: Task[] } | { kind: 'none' };

export const singularPronoun =
  /^(?:it|that|this|that one|this one|that task|this task|the last one|the one i just added|the new one|same one|the same one)$/;
const pronoun =
  /^(?:it|that|this|that one|this one|that task|this task|the last one|the one i just added|the new one|same one|the same one|them|those|these|both)$/;

/** Tasks the conversation points at: "it" after an add, "the second one" after a list. */
export function fromMemory(ref: string, input: TurnInput): number[] | null {
  const memory = input.memory;
  if (!memory) return null;
  const r = ref.replace(/\s+(?:too|as well|also)$/, '').trim();
  // "the last one" right after a listing is the list's last, not every task shown.
  const justListed = memory.listed.length > 1 && memory.focus.join() === memory.listed.join();
  if (pronoun.test(r) && !(justListed && /^the last one$/.test(r)))
    return memory.focus.length ? memory.focus : null;
  const m =
    /^(?:the\s+)?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last)(?:\s+(?:one|task|item))?(?:\s+on the list)?$/.exec(
      r,
    );
  if (m && memory.listed.length) {
    const n = m[1] === 'last' ? memory.listed.length : ordinals[m[1]!]!;
    const id = memory.listed[n - 1];
    return id ? [id] : null;
  }
  return null;
}

export async function resolve(ref: string, action: Action, input: TurnInput): Promise<Resolution> {
  const remembered = fromMemory(ref, input);
  if (remembered?.length === 1) {
    const task = (await input.tools.tasks()).find((t) => t.id === remembered[0]);
    if (task) return { kind: 'one', task };
  }
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
  // Bounded work: a reference is a few words; a 2,000-word message must not scan 1,000 titles
  // 2,000 times (issue 18, item 4).
  const words = [...new Set(keywords(cleaned))].slice(0, 12);
  if (!words.length) return { kind: 'none' };
  const scored = tasks
    .map((task) => {
      const titleWords = keywords(`${task.title} ${task.tags.join(' ')}`);
      const hits = words.filter((w) => titleWords.some((t) => sameWord(t, w)));
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

/** Forgiving of word forms: "vacuuming" is "vacuum", "plumbing" is "plumber", "calling" is "call". */
export function sameWord(a: string, b: string): boolean {
  if (a === b || a.startsWith(b) || b.startsWith(a))
    return Math.min(a.length, b.length) >= 3 || a === b;
  let k = 0;
  while (k < a.length && a[k] === b[k]) k++;
  return k >= Math.max(4, Math.min(a.length, b.length) - 3);
}
