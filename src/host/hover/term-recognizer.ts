/**
 * Finds the Transformer term under the cursor in one line of any document. No `vscode` import.
 *
 * Cheap enough for every hover: only a window of the line around the cursor is searched (a minified
 * file's single 5 MB line costs the same as a short one), with regular expressions compiled once.
 */
import { CONCEPTS } from './concepts';
import { compileTerms, MAX_TERM_LENGTH, type CompiledTerm } from './term-patterns';

/** A term found on a line: [start, end) are UTF-16 offsets in the line. */
export interface TermMatch {
  conceptId: string;
  start: number;
  end: number;
  text: string;
}

const CATALOGUE_TERMS = compileTerms(CONCEPTS);

/** Characters of context kept on each side of the longest possible match (boundary checks look 2 ahead). */
const CONTEXT = 2;

/**
 * The term that covers `character` on `line`, or undefined. When several cover it, the longest wins
 * (`dim_feedforward` is d_ff, not the feed-forward network), then the earlier in the catalogue.
 */
export function findTermAt(line: string, character: number, terms: readonly CompiledTerm[] = CATALOGUE_TERMS): TermMatch | undefined {
  if (character < 0 || character >= line.length) return undefined;
  // Any match covering `character` lies within MAX_TERM_LENGTH of it, so a window that wide (plus
  // the characters the boundary checks look at) finds exactly what the whole line would.
  const reach = MAX_TERM_LENGTH + CONTEXT;
  const windowStart = Math.max(0, character - reach);
  const text = line.slice(windowStart, Math.min(line.length, character + reach));
  const cursor = character - windowStart;
  // Lower-cased for the anchor test. toLowerCase keeps the length of almost every string; when it
  // does not (e.g. "İ"), offsets would drift, so anchors are then looked for anywhere in the window.
  const lower = text.toLowerCase();
  const exactOffsets = lower.length === text.length;
  /**
   * True when `anchor` starts where a match covering the cursor, at most `longest` characters
   * long, could hold it: within [cursor - longest + 1, cursor + longest - 1].
   */
  const anchorNear = (anchor: string, longest: number) => {
    if (!exactOffsets) return lower.includes(anchor);
    const at = lower.indexOf(anchor, Math.max(0, cursor - longest + 1));
    return at >= 0 && at <= cursor + longest - 1;
  };
  let best: { conceptId: string; start: number; end: number } | undefined;
  for (const term of terms) {
    if (!term.anchors.some((a) => anchorNear(a, term.maxLength))) continue;
    const regex = term.regex;
    regex.lastIndex = Math.max(0, cursor - term.maxLength + 1);
    for (let m = regex.exec(text); m !== null && m.index <= cursor; m = regex.exec(text)) {
      const end = m.index + m[0].length;
      if (end > cursor && (!best || end - m.index > best.end - best.start)) best = { conceptId: term.conceptId, start: m.index, end };
      // Step one character, not past the match: a later match may start inside this one.
      regex.lastIndex = m.index + 1;
    }
  }
  if (!best) return undefined;
  return { conceptId: best.conceptId, start: best.start + windowStart, end: best.end + windowStart, text: text.slice(best.start, best.end) };
}
