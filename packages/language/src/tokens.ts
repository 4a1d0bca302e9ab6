import { closestWord } from './fuzzy';

/** Shorthand people type for date words. */
const aliases: Record<string, string> = {
  nxt: 'next',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmw: 'tomorrow',
  tdy: 'today',
  wk: 'week',
  wks: 'weeks',
  mins: 'minutes',
  hrs: 'hours',
};

/** A word of the input with its place in the original text, so spans map back exactly. */
export interface Token {
  /** As typed, lower-cased. */
  raw: string;
  /** Corrected to the vocabulary when it is a near miss ("tomorow" → "tomorrow"). */
  word: string;
  start: number;
  end: number;
}

/**
 * Words of `text`: letters/digits runs, keeping inner ':' and '/' and '-' of times and dates
 * ("17:30", "12/3", "2026-12-03"), '#' and '!' prefixes, and apostrophes ("o'clock").
 */
export function tokenize(text: string, vocabulary: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  const re = /[#!]?[\p{L}\p{N}]+(?:['’:/.-][\p{L}\p{N}]+)*/gu;
  for (const m of text.matchAll(re)) {
    const typed = m[0].toLowerCase().replace(/’/g, "'");
    const raw = aliases[typed] ?? typed;
    tokens.push({
      raw,
      word: closestWord(raw, vocabulary) ?? raw,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return tokens;
}
