import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { decodeSegment, escapeNonAscii } from '../build-ascii';

/** Runs a module body and returns what it exports as `result`. */
const run = (code: string): unknown => new Function(`${code}; return result;`)();

/** Every mapping's generated [line, column], absolute. */
function generated(mappings: string): [number, number][] {
  return mappings.split(';').flatMap((l, line) => {
    let column = 0;
    return l
      ? l.split(',').map((s) => [line, (column += decodeSegment(s)[0]!)] as [number, number])
      : [];
  });
}

describe('escapeNonAscii (the bundle stays a one-byte string in V8)', () => {
  const source = String.raw`
    const apostrophes = /[’‘]/g;
    const dashes = /\s+[-–—]+\s+/;
    const identity = /it\’s/;
    const unicode = /^[\p{L}’]+$/u;
    const text = "“quoted” – ok";
    const template = ${'`'}a ’ b${'`'};
    const astral = "😀";
    var result = [
      "it’s".replace(apostrophes, "'"),
      dashes.test("a – b"),
      identity.test("it’s"),
      unicode.test("l’été"),
      text,
      template,
      astral.length,
      /😀/.test("x😀"),
      "\\’",
    ];
  `;

  it('keeps what every literal means and leaves no character above U+007F', () => {
    const { code } = escapeNonAscii(source);
    expect(code).toMatch(/^[\t\n\r\x20-\x7e]*$/);
    expect(run(code)).toEqual(run(source));
    expect(run(code)).toEqual(["it's", true, true, true, '“quoted” – ok', 'a ’ b', 2, true, '\\’']);
  });

  it("moves the source map's columns with the text", async () => {
    const out = await build({
      stdin: { contents: source, loader: 'js' },
      write: false,
      minifyWhitespace: true,
      sourcemap: 'external',
      outdir: 'out',
    });
    const code = out.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
    const map = JSON.parse(out.outputFiles.find((f) => f.path.endsWith('.map'))!.text) as {
      mappings: string;
    };
    const escaped = escapeNonAscii(code, map.mappings);
    const before = generated(map.mappings);
    const after = generated(escaped.mappings!);
    expect(after).toHaveLength(before.length);
    const lines = code.split('\n');
    const escapedLines = escaped.code.split('\n');
    let checked = 0;
    before.forEach(([line, column], i) => {
      const original = lines[line]!.slice(column, column + 3);
      if (!/^[\x20-\x7e]+$/.test(original)) return;
      expect(after[i]![0]).toBe(line);
      // The same text at the moved column (the escapes come before it, not at it).
      expect(escapedLines[line]!.slice(after[i]![1], after[i]![1] + 3)).toBe(original);
      checked++;
    });
    // The point: mappings after a replaced character on the same line moved.
    const moved = before.filter(([, c], i) => after[i]![1] !== c).length;
    expect(moved).toBeGreaterThan(5);
    expect(checked).toBeGreaterThan(20);
  });
});
