/**
 * Makes a bundle ASCII-only, so that V8 holds its source as a one-byte string.
 *
 * V8 keeps every script's source in the heap for lazy compilation, and a source with a single
 * character above U+00FF is stored with two bytes per character: the 2.8 MB bundle took 5.4 MB
 * of the heap because a few regular expressions of the language engine contain ’ – — “ ”.
 * esbuild's `charset: 'ascii'` escapes strings and identifiers but not regular expression
 * literals, so this does it for the whole output: every UTF-16 code unit above U+007F becomes
 * `\uXXXX`, which means the same thing in a string, a template literal, a regular expression
 * (with or without the `u` flag, also inside a character class) and an identifier, and is
 * harmless in a comment. An identity escape in front of it (`\’`) is dropped, since `\\u2019`
 * would be a backslash and the letters. The source map's columns are moved to match.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The Base64 VLQ values of one source-map segment. */
export function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = DIGIT.get(c);
    if (digit === undefined) throw new Error(`not a source-map segment: ${segment}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeSegment(values: number[]): string {
  let out = '';
  for (const v of values) {
    let vlq = v < 0 ? (-v << 1) | 1 : v << 1;
    do {
      let digit = vlq & 31;
      vlq >>>= 5;
      if (vlq > 0) digit |= 32;
      out += BASE64[digit];
    } while (vlq > 0);
  }
  return out;
}

/**
 * `code` with every non-ASCII code unit escaped, and the source map's `mappings` (if given)
 * with the generated columns moved by what each line gained before them.
 */
export function escapeNonAscii(
  code: string,
  mappings?: string,
): { code: string; mappings?: string } {
  // Per generated line: the columns (in the original output) where a code unit was replaced,
  // and how many characters each replacement added.
  const shifts = new Map<number, { at: number; added: number }[]>();
  let line = 0;
  let lineStart = 0;
  let out = '';
  let from = 0;
  for (let i = 0; i < code.length; i++) {
    const unit = code.charCodeAt(i);
    if (unit === 10) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (unit < 0x80) continue;
    let backslashes = 0;
    while (i - 1 - backslashes >= lineStart && code[i - 1 - backslashes] === '\\') backslashes++;
    const identityEscape = backslashes % 2 === 1;
    out +=
      code.slice(from, identityEscape ? i - 1 : i) + `\\u${unit.toString(16).padStart(4, '0')}`;
    from = i + 1;
    const list = shifts.get(line) ?? [];
    list.push({ at: i - lineStart, added: identityEscape ? 4 : 5 });
    shifts.set(line, list);
  }
  out += code.slice(from);
  if (mappings === undefined || shifts.size === 0) return { code: out, mappings };

  const lines = mappings.split(';').map((l, n) => {
    const moved = shifts.get(n);
    if (!moved || !l) return l;
    // Generated columns are relative to the previous segment on the line: make them absolute,
    // shift, and make them relative again.
    let column = 0;
    let previous = 0;
    return l
      .split(',')
      .map((segment) => {
        const values = decodeSegment(segment);
        column += values[0]!;
        let added = 0;
        for (const s of moved) if (s.at < column) added += s.added;
        const shifted = column + added;
        values[0] = shifted - previous;
        previous = shifted;
        return encodeSegment(values);
      })
      .join(',');
  });
  return { code: out, mappings: lines.join(';') };
}
