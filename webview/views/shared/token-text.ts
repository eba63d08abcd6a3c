/**
 * Token text made visible: code tokens are often pure whitespace, which would otherwise render as
 * an empty label that looks like a bug.
 */

const VISIBLE_WHITESPACE: Record<string, string> = {
  ' ': '␣',
  '\t': '→',
  '\n': '↵',
  '\r': '␍',
  '\u00a0': '⍽', // no-break space, so it is not mistaken for a plain space
};

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
    } else {
      const code = ch.charCodeAt(0);
      if (code < 0x20) out += String.fromCharCode(0x2400 + code);
      else if (code === 0x7f) out += '␡';
      else out += ch;
    }
  }
  return out;
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
export function tokenLabelText(text: string, maxChars = 12): string {
  return truncate(visibleTokenText(text), maxChars);
}

/** Quoted for prose ("the query “foo”"), visible but not truncated beyond a generous limit. */
export function quotedToken(text: string, maxChars = 40): string {
  return `“${truncate(visibleTokenText(text), maxChars)}”`;
}
