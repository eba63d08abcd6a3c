/**
 * The code-aware pre-tokenizer: cuts text into pieces that BPE merges never cross, so that learned
 * tokens follow the shape of source code instead of straddling it.
 *
 * Pieces, tried in this order at each position:
 * 1. a newline: `\r\n`, `\n` or `\r` (CRLF stays one piece);
 * 2. a run of other whitespace (spaces, tabs, NBSP...): indentation is one piece;
 * 3. an identifier chunk, split at camelCase and snake_case joints: `getHTTPResponse_code` ->
 *    `get`, `HTTP`, `Response`, `_code` (leading `_`/`$` stay with the chunk, combining marks with
 *    their letter; caseless scripts such as CJK or Arabic count as lower case);
 * 4. a run of `_`/`$` not followed by a letter (`__init__` -> `__init`, `__`);
 * 5. digits, at most 3 per piece (`1000000` -> `100`, `000`, `0`) so numbers share few tokens;
 * 6. a quote (`"`, `'`, `` ` ``) alone, so string delimiters are tokens of their own;
 * 7. a bracket or separator alone: `( ) [ ] { } , ;` (one token per bracket: matching is visible);
 * 8. a run of operator characters: `===`, `=>`, `?.`, `//`, `/**`;
 * 9. a run of anything else (emoji, symbols, format characters, lone surrogates);
 * 10. any single code point (a fallback; 1-9 already cover every character).
 *
 * One rule is not a regex: a single space (U+0020) in the middle of a line, between two
 * non-whitespace characters, is glued to the front of the following piece (` foo`, ` =`, ` {`), as
 * GPT-2 does; this shortens sequences by about a quarter. Indentation never glues.
 *
 * Pieces longer than {@link MAX_PIECE_LENGTH} UTF-16 units are cut (never inside a surrogate pair)
 * so that BPE on a piece stays cheap even on pathological input such as base64 blobs.
 *
 * The rules were first one sticky Unicode regex (kept as the reference its tests compare with,
 * test/unit/tokenizer/pretokenize-reference.ts); they are scanned by hand because V8's regex
 * engine keeps a backtracking entry per repetition of a unit such as `[\p{Lo}]\p{M}*` and throws
 * a RangeError on a run of about 4 million CJK or combining characters. The scan is linear in the
 * text and gives the same pieces as the regex on every input the regex can match.
 */

import { bitsAt, DIGIT, isPairAt, LOWER, MARK, OPERATOR, OTHER, SPACE, UPPER } from './char-classes';

/** Identifies this pre-tokenizer in tokenizer.json: change it whenever the rules above change. */
export const PRETOKENIZER_ID = 'code-v1';

/** Longest piece, in UTF-16 code units. */
export const MAX_PIECE_LENGTH = 64;

/** Next code point boundary after `i`. */
function step(text: string, i: number): number {
  return i + (isPairAt(text, i) ? 2 : 1);
}

/** End of the run of code points with any of `bits` starting at `i` (at most `limit` of them). */
function runEnd(text: string, i: number, bits: number, limit = Infinity): number {
  let n = 0;
  while (i < text.length && n < limit && (bitsAt(text, i) & bits) !== 0) {
    i = step(text, i);
    n++;
  }
  return i;
}

/** End of the letter unit at `i` (a letter of class `letter`, then its marks), or -1 when none starts there. */
function unitEnd(text: string, i: number, letter: number): number {
  if (i >= text.length || (bitsAt(text, i) & letter) === 0) return -1;
  return runEnd(text, step(text, i), MARK);
}

/** End of the run of units of class `letter` from `i`, and the start of its last unit (both `i` when none). */
function unitsEnd(text: string, i: number, letter: number): { end: number; last: number; count: number } {
  let end = i;
  let last = i;
  let count = 0;
  for (let e = unitEnd(text, end, letter); e >= 0; e = unitEnd(text, end, letter)) {
    last = end;
    end = e;
    count++;
  }
  return { end, last, count };
}

/**
 * Alternatives 3 to 6 (identifier chunks) at `pos`, or -1. As the regexes
 * `[_$]*(?:UPPER)+(?=UPPER LOWER)`, `[_$]*(?:UPPER)?(?:LOWER)+`, `[_$]*(?:UPPER)+`, `[_$]+` would:
 * a mark never starts a letter, so none of their loops can end anywhere but where it does here.
 */
function identifierEnd(text: string, pos: number): number {
  let q = pos;
  while (q < text.length && (text.charCodeAt(q) === 0x5f || text.charCodeAt(q) === 0x24)) q++;
  const upper = unitsEnd(text, q, UPPER);
  // 3: an acronym before a capitalised word (`HTTP` of `HTTPResponse`) stops before the word's capital.
  if (upper.count >= 2 && unitEnd(text, upper.end, LOWER) >= 0) return upper.last;
  // 4: one optional capital, then lower-case (or caseless) letters.
  const capital = unitEnd(text, q, UPPER);
  if (capital >= 0 && unitEnd(text, capital, LOWER) >= 0) return unitsEnd(text, capital, LOWER).end;
  if (unitEnd(text, q, LOWER) >= 0) return unitsEnd(text, q, LOWER).end;
  // 5: capitals only; 6: underscores and dollars only.
  if (upper.count >= 1) return upper.end;
  return q > pos ? q : -1;
}

/** End of the piece that starts at `pos`: the first of the alternatives 1-10 that matches there. */
function matchAt(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === 0x0d) return text.charCodeAt(pos + 1) === 0x0a ? pos + 2 : pos + 1;
  if (c === 0x0a) return pos + 1;
  const bits = bitsAt(text, pos);
  if (bits & SPACE) return runEnd(text, pos, SPACE);
  const identifier = identifierEnd(text, pos);
  if (identifier >= 0) return identifier;
  if (bits & DIGIT) return runEnd(text, pos, DIGIT, 3);
  if (c === 0x22 || c === 0x27 || c === 0x60) return pos + 1;
  if ('()[]{},;'.includes(text[pos])) return pos + 1;
  if (bits & OPERATOR) return runEnd(text, pos, OPERATOR);
  if (bits & OTHER) return runEnd(text, pos, OTHER);
  return step(text, pos);
}

function isNewline(code: number): boolean {
  return code === 0x0a || code === 0x0d;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Cuts `text` into pieces and returns their boundaries: `[0, b1, b2, ..., text.length]` (piece k
 * is `text.slice(bounds[k], bounds[k + 1])`). Pieces tile the text exactly.
 */
export function pretokenize(text: string): number[] {
  const bounds = [0];
  let pos = 0;
  while (pos < text.length) {
    let end = matchAt(text, pos);
    if (
      end === pos + 1 &&
      text.charCodeAt(pos) === 0x20 &&
      pos > 0 &&
      !isNewline(text.charCodeAt(pos - 1)) &&
      end < text.length &&
      !isNewline(text.charCodeAt(end))
    ) {
      // A lone mid-line space: the whitespace alternative is maximal, so the next character is
      // neither whitespace nor a line end and a piece starts there; glue the space to it.
      end = matchAt(text, end);
    }
    while (end - pos > MAX_PIECE_LENGTH) {
      let cut = pos + MAX_PIECE_LENGTH;
      if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
      bounds.push(cut);
      pos = cut;
    }
    bounds.push(end);
    pos = end;
  }
  return bounds;
}

/** The pieces themselves, for tests and the BPE trainer. */
export function pretokenizePieces(text: string): string[] {
  const b = pretokenize(text);
  const out: string[] = [];
  for (let k = 0; k + 1 < b.length; k++) out.push(text.slice(b[k], b[k + 1]));
  return out;
}
