/** Shared by the hover unit tests: every term found on a line, as `text → concept`. */
import { findTermAt } from '../../../src/host/hover/term-recognizer';

/** Every distinct match on `line`, hovering each character in turn, as "text → conceptId". */
export function termsOnLine(line: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < line.length; i++) {
    const m = findTermAt(line, i);
    if (m && !found.includes(`${m.text} → ${m.conceptId}`)) found.push(`${m.text} → ${m.conceptId}`);
  }
  return found;
}

/** Every term in a multi-line text. */
export function termsInText(text: string): string[] {
  return text.split('\n').flatMap(termsOnLine);
}

/** The concept hovered at the first character of `needle` on `line` (offset `at` into it). */
export function conceptAt(line: string, needle: string, at = 0): string | undefined {
  const i = line.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" is not in "${line}"`);
  return findTermAt(line, i + at)?.conceptId;
}
