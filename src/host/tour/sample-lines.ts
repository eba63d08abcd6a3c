/**
 * Finds the lines a tour step selects in a sample's text (see `SampleLines` in steps.ts).
 * Plain string work, no `vscode`: the unit tests run it on the shipped samples.
 */
import type { SampleLines } from './steps';

/** Zero-based, inclusive line numbers. */
export interface LineSpan {
  startLine: number;
  endLine: number;
}

/** The line of a UTF-16 offset (CRLF and LF both end a line at their `\n`). */
function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The span of whole lines `lines` names in `text`. Throws when an anchor is missing, naming the
 * file and anchor: a tour that selected the wrong code would teach the wrong thing.
 */
export function findLines(text: string, lines: SampleLines): LineSpan {
  const start = text.indexOf(lines.from);
  if (start === -1) throw new Error(`${lines.file}: the tour's start anchor ${JSON.stringify(lines.from)} is not in the sample.`);
  const to = text.indexOf(lines.to, start);
  if (to === -1) throw new Error(`${lines.file}: the tour's end anchor ${JSON.stringify(lines.to)} is not after ${JSON.stringify(lines.from)}.`);
  return { startLine: lineOf(text, start), endLine: lineOf(text, to + lines.to.length - 1) };
}
