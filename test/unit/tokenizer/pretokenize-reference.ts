/**
 * The pre-tokenizer's rules as the one sticky Unicode regex they were first written as
 * (src/model/tokenizer/pretokenize.ts scans them by hand): the reference its tests compare with.
 */
const UPPER = '[\\p{Lu}\\p{Lt}]\\p{M}*';
const LOWER = '[\\p{Ll}\\p{Lm}\\p{Lo}]\\p{M}*';
const ASCII_PUNCTUATION = '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e';

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

/** End of the regex's match at `pos`. */
export function referenceMatchAt(text: string, pos: number): number {
  PIECE.lastIndex = pos;
  PIECE.exec(text);
  return PIECE.lastIndex;
}
