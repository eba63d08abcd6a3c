/**
 * Token text made visible: code tokens are often pure whitespace, which would otherwise render as
 * an empty label that looks like a bug. Byte-fallback pieces show their character (character-pieces.ts).
 */
import { type CharacterPiece, pieceMarker } from './character-pieces';

const VISIBLE_WHITESPACE: Record<string, string> = {
  ' ': '␣',
  '\t': '→',
  '\n': '↵',
  '\r': '␍',
  '\u00a0': '⍽', // no-break space, so it is not mistaken for a plain space
};

/** Characters that draw nothing (they join or modify their neighbours), named instead. */
const INVISIBLE_NAMES: Record<string, string> = {
  '\u200b': '⟨ZWSP⟩',
  '\u200c': '⟨ZWNJ⟩',
  '\u200d': '⟨ZWJ⟩',
  '\ufe0e': '⟨VS15⟩',
  '\ufe0f': '⟨VS16⟩',
  '\ufeff': '⟨BOM⟩',
};

/** A combining mark with nothing before it is drawn on a dotted circle, as Unicode's charts do. */
const LEADING_MARK = /^\p{M}/u;
const DOTTED_CIRCLE = '◌';

/** Stands for a token with no characters (it occupies a position but shows no text). */
export const EMPTY_TOKEN = '∅';

/**
 * The token's text with whitespace and control characters replaced by visible symbols:
 * space → ␣, tab → →, newline → ↵ (a Windows "\r\n" is one ↵), other control characters → their
 * Unicode "control picture" (U+2400 block) or � when there is none.
 */
export function visibleTokenText(text: string): string {
  if (text.length === 0) return EMPTY_TOKEN;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\r' && text[i + 1] === '\n') {
      out += '↵';
      i++;
    } else if (VISIBLE_WHITESPACE[ch] !== undefined) {
      out += VISIBLE_WHITESPACE[ch];
    } else if (INVISIBLE_NAMES[ch] !== undefined) {
      out += INVISIBLE_NAMES[ch];
    } else {
      const code = ch.charCodeAt(0);
      if (code < 0x20) out += String.fromCharCode(0x2400 + code);
      else if (code === 0x7f) out += '␡';
      else out += ch;
    }
  }
  return LEADING_MARK.test(out) ? DOTTED_CIRCLE + out : out;
}

/** A token as the views show it: its text, and the character it is a piece of, if split. */
export interface ShownToken {
  text: string;
  piece?: CharacterPiece;
}

/**
 * The token made visible; a byte piece as its character with the piece number ("中¹", "中²", "中³"),
 * followed by whatever else the token covers.
 */
export function shownTokenText(t: ShownToken | string): string {
  if (typeof t === 'string') return visibleTokenText(t);
  if (!t.piece) return visibleTokenText(t.text);
  const rest = t.text.slice(t.piece.char.length);
  return visibleTokenText(t.piece.char) + pieceMarker(t.piece) + (rest ? visibleTokenText(rest) : '');
}

/**
 * Shortens text to at most maxChars characters (counting code points, so an emoji is not cut in
 * half), ending with … when cut.
 */
export function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  if (maxChars <= 1) return '…';
  return chars.slice(0, maxChars - 1).join('') + '…';
}

/** Visible and truncated: what an axis label shows. */
export function tokenLabelText(t: ShownToken | string, maxChars = 12): string {
  return truncate(shownTokenText(t), maxChars);
}

/** Quoted for prose ("the query “foo”"), visible but not truncated beyond a generous limit. */
export function quotedToken(t: ShownToken | string, maxChars = 40): string {
  return `“${truncate(shownTokenText(t), maxChars)}”`;
}
