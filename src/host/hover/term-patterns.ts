/**
 * Compiles the catalogue's spellings (TermForm) into regular expressions, once, at load.
 * No `vscode` import.
 *
 * Words match case-insensitively but only at identifier-part boundaries, which are decided
 * case-sensitively: a boundary is a change from a letter or digit to anything else, from lower to
 * upper case (`multi|Head`), from an upper-case run to a capitalised word (`QKV|Proj`), or between
 * letters and digits. So `head` never matches inside `headline` or `Headline`, nor `key` inside
 * `keyboard`, while `Attention` does match inside `MultiHeadAttention`.
 */
import type { Concept, TermForm } from './concept';

/** One compiled spelling of one concept. */
export interface CompiledTerm {
  conceptId: string;
  /** Global and Unicode (`gu`): the recognizer sets `lastIndex` and calls `exec`. */
  regex: RegExp;
  /**
   * Lower-case strings of which every match contains at least one: a cheap test that lets the
   * recognizer skip most expressions on most lines.
   */
  anchors: readonly string[];
  /** The longest text it can match (MAX_TERM_LENGTH for hand-written patterns). */
  maxLength: number;
}

const ALNUM = String.raw`[\p{L}\p{N}]`;
/** Between two identifier parts: camel case, an upper-case run before a capitalised word, letters and digits. */
const INNER_BOUNDARY = String.raw`(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})`;
const LEFT_BOUNDARY = `(?:(?<!${ALNUM})|${INNER_BOUNDARY})`;
const RIGHT_BOUNDARY = `(?:(?!${ALNUM})|${INNER_BOUNDARY})`;

/** LaTeX subscripts: `d_{model}`, `d_{\text{model}}`, `d_\mathrm{ff}`. */
const LATEX_SEPARATOR = String.raw`_\{?\\(?:text|mathrm|rm|mathit|operatorname)\{|_\{`;
/** Joins parts in code: `multi_head`, `multi-head`, `multiHead`, `multihead`, LaTeX subscripts. */
const CODE_SEPARATOR = `(?:${LATEX_SEPARATOR}|[-_]|)`;
/** Also joins parts in prose: `multi-head attention`, `multi head attention`. */
const PROSE_SEPARATOR = `(?:${LATEX_SEPARATOR}|[-_]|[ \\t]{1,3}|)`;
/** The longest separator either can match (`_{\operatorname{`). */
export const LONGEST_SEPARATOR = '_{\\operatorname{'.length;
/** `heads`, `masses`: an optional plural on the last part. */
const PLURAL = '(?:[eE]?[sS])?';

/** No match of any term is longer than this; the recognizer's window relies on it (tested). */
export const MAX_TERM_LENGTH = 96;

function caseInsensitive(word: string): string {
  let out = '';
  for (const ch of word) out += /[a-z]/.test(ch) ? `[${ch}${ch.toUpperCase()}]` : ch;
  return out;
}

/** Parses `'multi head attention|attn'` into parts, each a list of spellings (longest first). */
export function parseWords(words: string): string[][] {
  if (!/^[a-z0-9]+(?:\|[a-z0-9]+)*(?: [a-z0-9]+(?:\|[a-z0-9]+)*)*$/.test(words)) {
    throw new Error(`Term "${words}" must be lower-case words separated by single spaces, spellings by |.`);
  }
  return words.split(' ').map((part) => part.split('|').sort((a, b) => b.length - a.length));
}

/** The regular-expression source of a words form. */
export function wordsSource(words: string): string {
  const parts = parseWords(words);
  // A one-letter part (`d model`, `n heads`) joined by spaces would match ordinary prose ("d k").
  const compact = parts.some((spellings) => spellings.some((s) => s.length === 1));
  const separator = compact ? CODE_SEPARATOR : PROSE_SEPARATOR;
  const body = parts.map((spellings) => `(?:${spellings.map(caseInsensitive).join('|')})`).join(separator);
  return `${LEFT_BOUNDARY}${body}${PLURAL}${RIGHT_BOUNDARY}`;
}

/** The longest text a words form can match: every part at its longest, every separator too, plus a plural. */
export function longestWordsMatch(words: string): number {
  const parts = parseWords(words);
  return parts.reduce((n, spellings) => n + spellings[0].length, 0) + (parts.length - 1) * LONGEST_SEPARATOR + 2;
}

/**
 * The spellings of the part with the longest shortest spelling: one of them is in every match, and
 * long anchors are rare in unrelated text.
 */
export function wordsAnchors(words: string): string[] {
  const parts = parseWords(words);
  const shortest = (spellings: string[]) => spellings[spellings.length - 1].length;
  return parts.reduce((best, p) => (shortest(p) > shortest(best) ? p : best));
}

function compileForm(conceptId: string, form: TermForm): CompiledTerm {
  if ('words' in form) {
    return { conceptId, regex: new RegExp(wordsSource(form.words), 'gu'), anchors: wordsAnchors(form.words), maxLength: longestWordsMatch(form.words) };
  }
  if (form.anchors.length === 0 || form.anchors.some((a) => a.length === 0 || a !== a.toLowerCase())) {
    throw new Error(`Pattern ${form.pattern.source} needs non-empty lower-case anchors.`);
  }
  return { conceptId, regex: new RegExp(form.pattern.source, 'gu'), anchors: form.anchors, maxLength: MAX_TERM_LENGTH };
}

/** Every spelling of every concept, in catalogue order. */
export function compileTerms(concepts: readonly Concept[]): CompiledTerm[] {
  return concepts.flatMap((c) => c.terms.map((form) => compileForm(c.id, form)));
}
