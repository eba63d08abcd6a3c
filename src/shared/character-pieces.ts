/**
 * Byte-fallback pieces made readable. When the vocabulary has no token for a character (a CJK
 * ideograph, an emoji), the tokenizer splits the character's UTF-8 bytes over several tokens: the
 * tokens of its earlier bytes cover no text (an empty range at the character's start) and the token
 * of its last byte covers the character (see src/model/tokenizer/tokenizer.ts). Shown raw they read
 * as ∅ ∅ 中; here every piece shows the character it is part of, numbered. The pieces stay separate
 * tokens with their own attention: nothing is merged. Pure (no DOM), shared by the panel and the
 * editor's hovers.
 */

export interface CharacterPiece {
  /** The character (one code point) whose bytes the piece holds. */
  char: string;
  /** 0-based number of the piece, and how many tokens the character is split over. */
  index: number;
  count: number;
  /** The character's UTF-8 bytes in hex, e.g. ["E4", "B8", "AD"]. */
  bytes: string[];
}

interface Spanned {
  text: string;
  start: number;
  end: number;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** The piece marker: the piece's 1-based number as superscript digits ("中²" is the second piece of 中). */
export function pieceMarker(piece: CharacterPiece): string {
  return Array.from(String(piece.index + 1), (d) => SUPERSCRIPT_DIGITS[Number(d)]).join('');
}

export function utf8Hex(char: string): string[] {
  return Array.from(new TextEncoder().encode(char), (b) => b.toString(16).toUpperCase().padStart(2, '0'));
}

/** `U+4E2D` for 中. */
export function codePointName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * One entry per token: the piece it is of a split character, or undefined for a token that holds
 * whole characters. A split character is a run of empty tokens at one offset followed by the token
 * that starts there and covers the character.
 */
export function characterPieces(tokens: readonly Spanned[]): (CharacterPiece | undefined)[] {
  const out: (CharacterPiece | undefined)[] = new Array(tokens.length).fill(undefined);
  for (let i = 0; i < tokens.length; ) {
    const at = tokens[i].start;
    let j = i;
    while (j < tokens.length && tokens[j].text === '' && tokens[j].start === at && tokens[j].end === at) j++;
    if (j === i || j === tokens.length || tokens[j].start !== at || tokens[j].text === '') {
      i = Math.max(j, i + 1);
      continue;
    }
    const char = String.fromCodePoint(tokens[j].text.codePointAt(0)!);
    const bytes = utf8Hex(char);
    for (let p = i; p <= j; p++) out[p] = { char, index: p - i, count: j - i + 1, bytes };
    i = j + 1;
  }
  return out;
}

/** The tooltip line of a piece: which character, which piece, and the bytes behind it. */
export function pieceDescription(piece: CharacterPiece): string {
  const split = piece.count === piece.bytes.length ? `; this piece holds byte ${piece.bytes[piece.index]}` : '';
  return (
    `byte piece ${piece.index + 1} of ${piece.count} of “${piece.char}” (${codePointName(piece.char)}, UTF-8 ${piece.bytes.join(' ')})${split}. ` +
    'Each piece is its own token with its own attention.'
  );
}
