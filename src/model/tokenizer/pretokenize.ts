/**
 * The code-aware pre-tokenizer: cuts text into pieces that BPE merges never cross, so that learned
 * tokens follow the shape of source code instead of straddling it.
 *
 * Pieces, tried in this order at each position (regex alternatives of {@link PIECE}):
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
 */

/** Identifies this pre-tokenizer in tokenizer.json: change it whenever the rules above change. */
export const PRETOKENIZER_ID = 'code-v1';

/** Longest piece, in UTF-16 code units. */
export const MAX_PIECE_LENGTH = 64;

const UPPER = '[\\p{Lu}\\p{Lt}]\\p{M}*';
const LOWER = '[\\p{Ll}\\p{Lm}\\p{Lo}]\\p{M}*';
const ASCII_PUNCTUATION = '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e';

/** The alternatives 1-10 of the module comment, as one sticky Unicode regex. */
const PIECE = new RegExp(
  [
    '\\r\\n|[\\n\\r]',
    '[^\\S\\r\\n]+',
    `[_$]*(?:${UPPER})+(?=${UPPER}${LOWER})`,
    `[_$]*(?:${UPPER})?(?:${LOWER})+`,
    `[_$]*(?:${UPPER})+`,
    '[_$]+',
    '\\p{N}{1,3}',
    '["\'`]',
    '[()\\[\\]{},;]',
    '[!#%&*+\\-./:<=>?@\\\\^|~]+',
    `[^\\s\\p{L}\\p{N}${ASCII_PUNCTUATION}]+`,
    '[^]',
  ].join('|'),
  'uy',
);

function isNewline(code: number): boolean {
  return code === 0x0a || code === 0x0d;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function matchAt(text: string, pos: number): number {
  PIECE.lastIndex = pos;
  PIECE.exec(text);
  return PIECE.lastIndex;
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
