import type { Priority } from '@todo/contracts';
import type { Token } from './tokens';

/** Priority words and their negations: "urgent", "asap", "not urgent", "whenever", "!high". */

export interface PriorityHit {
  start: number;
  end: number;
  next: number;
  priority: Priority;
}

const levels: Record<string, Priority> = {
  high: 'high',
  top: 'high',
  highest: 'high',
  urgent: 'high',
  critical: 'high',
  medium: 'medium',
  normal: 'medium',
  mid: 'medium',
  low: 'low',
  lowest: 'low',
};
const bang: Record<string, Priority> = {
  '!high': 'high',
  '!h': 'high',
  '!1': 'high',
  '!urgent': 'high',
  '!medium': 'medium',
  '!m': 'medium',
  '!2': 'medium',
  '!normal': 'medium',
  '!low': 'low',
  '!l': 'low',
  '!3': 'low',
  p1: 'high',
  p2: 'medium',
  p3: 'low',
};
/** Words that alone say how pressing a task is. */
const alone: Record<string, Priority> = {
  urgent: 'high',
  urgently: 'high',
  asap: 'high',
  important: 'high',
  critical: 'high',
  crucial: 'high',
  whenever: 'low',
  someday: 'low',
  eventually: 'low',
  lowkey: 'low',
};

export function priorityAt(tokens: Token[], i: number): PriorityHit | null {
  const w = (k: number) => tokens[i + k]?.word;
  const hit = (n: number, priority: Priority): PriorityHit => ({
    start: tokens[i]!.start,
    end: tokens[i + n - 1]!.end,
    next: i + n,
    priority,
  });
  const word = w(0);
  if (!word) return null;
  if (bang[word]) return hit(1, bang[word]!);
  // not urgent / not important / not a priority / no rush / no hurry
  if (
    (word === 'not' || word === 'non') &&
    /^(urgent|important|pressing|a|urgently)$/.test(w(1) ?? '')
  ) {
    return hit(w(1) === 'a' && w(2) === 'priority' ? 3 : 2, 'low');
  }
  if (word === 'no' && /^(rush|hurry|priority)$/.test(w(1) ?? '')) return hit(2, 'low');
  // "nothing urgent", "nothing important", "not that urgent", "not very important"
  if (word === 'nothing' && /^(urgent|important|pressing|serious)$/.test(w(1) ?? ''))
    return hit(2, 'low');
  if (
    word === 'not' &&
    /^(that|very|too|so|super|really)$/.test(w(1) ?? '') &&
    /^(urgent|important|pressing)$/.test(w(2) ?? '')
  )
    return hit(3, 'low');
  if (word === 'low-key' || (word === 'low' && w(1) === 'key'))
    return hit(word === 'low' ? 2 : 1, 'low');
  if (
    word === 'when' &&
    /^(i|you)$/.test(w(1) ?? '') &&
    /^(get|have)$/.test(w(2) ?? '') &&
    w(3) === 'a' &&
    /^(chance|minute|moment)$/.test(w(4) ?? '')
  ) {
    return hit(5, 'low');
  }
  // "high priority", "high-priority", "priority high", "priority: low", "p high"
  const compound = /^(\w+)-priority$/.exec(word);
  if (compound && levels[compound[1]!]) return hit(1, levels[compound[1]!]!);
  if (levels[word] && (w(1) === 'priority' || w(1) === 'prio' || w(1) === 'pri')) {
    return hit(2, levels[word]!);
  }
  if ((word === 'priority' || word === 'prio') && levels[w(1) ?? '']) return hit(2, levels[w(1)!]!);
  if (word === 'top' && w(1) === 'of' && w(2) === 'list') return null;
  if (alone[word]) return hit(1, alone[word]!);
  return null;
}
