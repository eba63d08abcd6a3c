/**
 * Windows of a text longer than the model reads: which run of at most `max` consecutive tokens is
 * analysed, and how to move it (previous / next with an overlap, around a character, starting at
 * one). No `vscode` import (unit-tested in Node).
 */

/** Where a window goes: from token `first`, centred on the token at a character, or starting at it. */
export type WindowPlacement = { first: number } | { aroundOffset: number } | { atOffset: number };

/** A window of a tokenised text; characters are offsets into that text. */
export interface TokenWindow {
  first: number;
  count: number;
  total: number;
  startChar: number;
  endChar: number;
}

interface Spanned {
  start: number;
  end: number;
}

/** Tokens shared by two neighbouring windows, so that no pair of close tokens is only ever seen cut apart. */
export function windowOverlap(max: number): number {
  return Math.max(1, Math.round(max / 8));
}

/** The first token that ends after `offset` (the one covering it, or the next). */
function tokenAtOrAfter(tokens: readonly Spanned[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, Math.max(0, tokens.length - 1));
}

/**
 * The window a placement asks for, kept inside the text, never starting in the middle of a
 * character split into byte pieces (the pieces before it have empty ranges at the same offset).
 */
export function placeWindow(tokens: readonly Spanned[], max: number, placement: WindowPlacement): TokenWindow {
  const total = tokens.length;
  const count = Math.min(max, total);
  let first =
    'first' in placement ? placement.first
    : 'atOffset' in placement ? tokenAtOrAfter(tokens, placement.atOffset)
    : tokenAtOrAfter(tokens, placement.aroundOffset) - Math.floor(count / 2);
  first = Math.max(0, Math.min(total - count, first));
  while (first > 0 && tokens[first - 1].start === tokens[first].start && tokens[first - 1].end === tokens[first - 1].start) first--;
  const last = first + count - 1;
  return { first, count, total, startChar: count ? tokens[first].start : 0, endChar: count ? tokens[last].end : 0 };
}

/** The next window: starts `overlap` tokens before this one ends. */
export function nextWindow(w: TokenWindow, max: number): WindowPlacement {
  return { first: w.first + w.count - windowOverlap(max) };
}

export function previousWindow(w: TokenWindow, max: number): WindowPlacement {
  return { first: w.first - (w.count - windowOverlap(max)) };
}
