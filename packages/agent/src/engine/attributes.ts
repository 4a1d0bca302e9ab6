import type { Priority } from '@todo/contracts';

/** Task attributes named in words: priorities and tag lists (dates are in dates.ts). */

export const priorityWords: Record<string, Priority> = {
  high: 'high',
  urgent: 'high',
  important: 'high',
  top: 'high',
  medium: 'medium',
  normal: 'medium',
  low: 'low',
};

export function tagList(text: string): string[] {
  return text
    .split(/[\s,]+|\band\b/)
    .map((t) => t.replace(/^#/, '').toLowerCase())
    .filter((t) => t && t !== 'tag' && t !== 'tags' && t !== 'the');
}
