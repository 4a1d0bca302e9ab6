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
 * The vocabulary word `word` was meant to be, if any: itself, or the single closest word
 * within the typo budget (a tie between two words is no answer: "tomorow" is clear, "mat"
 * could be many things).
 */
export function closestWord(word: string, vocabulary: ReadonlySet<string>): string | null {
  if (vocabulary.has(word)) return word;
  if (!/^[a-z]+$/.test(word)) return null;
  // Each keystroke of quick add re-reads the same words: remember the answers (bounded).
  let seen = memo.get(vocabulary);
  if (!seen) memo.set(vocabulary, (seen = new Map()));
  const known = seen.get(word);
  if (known !== undefined) return known;
  if (seen.size >= 4096) seen.clear();
  const found = searchClosest(word, vocabulary);
  seen.set(word, found);
  return found;
}

const memo = new WeakMap<ReadonlySet<string>, Map<string, string | null>>();

function searchClosest(word: string, vocabulary: ReadonlySet<string>): string | null {
  // Four letters allow only a swap ("shwo", "lsit"): any other change makes another word.
  if (word.length === 4) {
    const swaps = [...vocabulary].filter((c) => c.length === 4 && isSwap(word, c));
    return swaps.length === 1 ? swaps[0]! : null;
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
  return best && !tie && bestDistance <= budget ? best : null;
}

function isSwap(a: string, b: string): boolean {
  const diff = [...a].flatMap((c, i) => (c !== b[i] ? [i] : []));
  return (
    diff.length === 2 &&
    diff[1] === diff[0]! + 1 &&
    a[diff[0]!] === b[diff[1]!] &&
    a[diff[1]!] === b[diff[0]!]
  );
}
