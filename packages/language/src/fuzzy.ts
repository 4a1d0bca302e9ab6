/**
 * Typo tolerance: the optimal-string-alignment distance (Levenshtein plus adjacent swaps),
 * bounded so a comparison stops as soon as it cannot come within the limit.
 */
export function editDistance(a: string, b: string, limit = 2): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      row.push(d);
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** How many typos a word of this length may carry and still be recognised. */
export const typoBudget = (length: number) => (length >= 8 ? 2 : length >= 5 ? 1 : 0);

/**
 * Ordinary English words one typo away from a date or command word: they are meant as typed,
 * never "corrected" ("actually" is not "annually", "dairy" not "daily", "eight" not "night").
 */
const ordinaryWords = new Set(
  (
    'actually nearly mouth yours dairy right light might sight tight fight eight weight ' +
    'chance spending tanks masks crate'
  ).split(' '),
);

/** Answers already worked out, per vocabulary: a long message repeats its words. */
const answers = new WeakMap<ReadonlySet<string>, Map<string, string | null>>();
const ANSWERS_MAX = 4096;

/**
 * The vocabulary word `word` was meant to be, if any: itself, or the single closest word
 * within the typo budget (a tie between two words is no answer: "tomorow" is clear, "mat"
 * could be many things). Remembered per vocabulary, so a message of 2,000 words costs one
 * search per distinct word, and the memory is bounded.
 */
export function closestWord(word: string, vocabulary: ReadonlySet<string>): string | null {
  if (vocabulary.has(word)) return word;
  if (!/^[a-z]+$/.test(word) || ordinaryWords.has(word)) return null;
  let known = answers.get(vocabulary);
  if (!known) answers.set(vocabulary, (known = new Map()));
  const hit = known.get(word);
  if (hit !== undefined) return hit;
  const answer = search(word, vocabulary);
  if (known.size >= ANSWERS_MAX) known.clear();
  known.set(word, answer);
  return answer;
}

function search(word: string, vocabulary: ReadonlySet<string>): string | null {
  // Four letters allow only a swap ("shwo", "lsit"): any other change makes another word.
  if (word.length === 4) {
    let swap: string | null = null;
    for (const c of vocabulary) {
      if (c.length !== 4 || !isSwap(word, c)) continue;
      if (swap) return null;
      swap = c;
    }
    return swap;
  }
  const budget = typoBudget(word.length);
  if (!budget) return null;
  let best: string | null = null;
  let bestDistance = budget + 1;
  let tie = false;
  for (const candidate of vocabulary) {
    if (candidate.length < 4) continue;
    const d = editDistance(word, candidate, budget);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) {
      tie = true;
    }
  }
  if (best && !tie && bestDistance <= budget) return best;
  return scrambled(word, vocabulary);
}

/**
 * Letters typed in the wrong order further apart than one swap ("remane" for "rename"): the
 * same first letter and the same letters, in a word long enough that this is no other word.
 */
function scrambled(word: string, vocabulary: ReadonlySet<string>): string | null {
  if (word.length < 6) return null;
  const letters = [...word].sort().join('');
  let found: string | null = null;
  for (const c of vocabulary) {
    if (c.length !== word.length || c[0] !== word[0] || [...c].sort().join('') !== letters)
      continue;
    if (found) return null;
    found = c;
  }
  return found;
}

/** Same length, and equal but for two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i + 1 >= a.length || a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  return a.slice(i + 2) === b.slice(i + 2);
}
