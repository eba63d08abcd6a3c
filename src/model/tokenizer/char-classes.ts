/**
 * The character classes the pre-tokenizer's rules are written in (pretokenize.ts), one bit each, per
 * code point. Looked up in a table for the Basic Multilingual Plane (built once, on first use, from
 * the same Unicode property escapes the rules name) and computed for the rare astral code points.
 */

/** `[\p{Lu}\p{Lt}]`: starts an upper-case unit. */
export const UPPER = 1;
/** `[\p{Ll}\p{Lm}\p{Lo}]`: starts a lower-case (or caseless) unit. */
export const LOWER = 2;
/** `\p{M}`: a combining mark, which stays with the letter before it. */
export const MARK = 4;
/** `\p{N}`. */
export const DIGIT = 8;
/** `\s` without `\r` and `\n`. */
export const SPACE = 16;
/** `[!#%&*+\-./:<=>?@\\^|~]`: operator characters. */
export const OPERATOR = 32;
/** `[^\s\p{L}\p{N}` and ASCII punctuation`]`: emoji, symbols, marks, format characters, lone surrogates. */
export const OTHER = 64;

/** Each class as the regex character class the rules are written with. */
const CLASSES: ReadonlyArray<readonly [number, string]> = [
  [UPPER, '[\\p{Lu}\\p{Lt}]'],
  [LOWER, '[\\p{Ll}\\p{Lm}\\p{Lo}]'],
  [MARK, '\\p{M}'],
  [DIGIT, '\\p{N}'],
  [SPACE, '[^\\S\\r\\n]'],
  [OPERATOR, '[!#%&*+\\-./:<=>?@\\\\^|~]'],
  [OTHER, '[^\\s\\p{L}\\p{N}\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e]'],
];

const SINGLE = CLASSES.map(([bit, cls]) => [bit, new RegExp(`^${cls}$`, 'u')] as const);

function classify(char: string): number {
  let bits = 0;
  for (const [bit, re] of SINGLE) if (re.test(char)) bits |= bit;
  return bits;
}

let bmp: Uint8Array | undefined;

/** The BMP table: each class's runs found by one global regex over every non-surrogate BMP character. */
function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  const table = new Uint8Array(0x10000);
  table.fill(OTHER, 0xd800, 0xe000); // a lone surrogate is a code point of its own (category Cs)
  const codes: number[] = [];
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c >= 0xe000) codes.push(c);
  let all = '';
  for (let k = 0; k < codes.length; k += 4096) all += String.fromCharCode(...codes.slice(k, k + 4096));
  for (const [bit, cls] of CLASSES) {
    for (const m of all.matchAll(new RegExp(`${cls}+`, 'gu'))) {
      for (let k = m.index; k < m.index + m[0].length; k++) table[codes[k]] |= bit;
    }
  }
  return (bmp = table);
}

/** Astral code points seen, with their bits; cleared when large (there are a million of them). */
const astral = new Map<number, number>();
const ASTRAL_CACHE_LIMIT = 1 << 16;

/** True when `text[i]` starts a surrogate pair (one astral code point). */
export function isPairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** Class bits of the code point starting at `text[i]` (a whole pair when one starts there). */
export function bitsAt(text: string, i: number): number {
  if (!isPairAt(text, i)) return bmpTable()[text.charCodeAt(i)];
  const cp = text.codePointAt(i)!;
  let bits = astral.get(cp);
  if (bits === undefined) {
    if (astral.size >= ASTRAL_CACHE_LIMIT) astral.clear();
    astral.set(cp, (bits = classify(String.fromCodePoint(cp))));
  }
  return bits;
}
