/**
 * What a token hover knows about each token of an analysed range, and `computeInsights`, which
 * derives it from a run's tokens, attention matrices and positional encodings. No `vscode` import.
 */

import { type CharacterPiece, characterPieces } from '../../shared/character-pieces';
import { shownTokenText } from '../../shared/token-text';

/** A token that attends to, or is attended by, the hovered one. */
export interface RankedToken {
  index: number;
  text: string;
  weight: number;
}

/** One side of a token's attention in one matrix. */
export interface AttentionRanking {
  /** Which matrix, e.g. "Encoder self-attention · Layer 2 · Head 3". */
  label: string;
  /** Keys this token (as query) gives the most weight to, heaviest first. */
  attendsTo: RankedToken[];
  /** Queries that give this token (as key) the most weight, heaviest first. */
  attendedBy: RankedToken[];
}

export interface TokenInsight {
  index: number;
  text: string;
  id: number;
  /** `pos` of the positional encoding (the source position, equal to the index). */
  position: number;
  /** [start, end) offsets in the document */
  start: number;
  end: number;
  /** The tokens of the word it belongs to, in order. */
  wordPieces: string[];
  /** Which of `wordPieces` this token is (optional: producers other than computeInsights may omit it). */
  wordPieceIndex?: number;
  /** Set when the token is a byte piece of a character the vocabulary splits (byte fallback). */
  piece?: CharacterPiece;
  focused: AttentionRanking;
  meanOverHeads: AttentionRanking;
  /** A few dimensions of PE(pos). */
  positionalEncoding: { dims: number[]; values: number[] };
}

export interface AnalysisInsights {
  runId: number;
  /** `document.uri.toString()` of the analysed document. */
  documentUri: string;
  documentVersion: number;
  /** document offsets of the analysed range */
  start: number;
  end: number;
  tokens: TokenInsight[];
}

/** Where the token hover gets the insights of a document's current analysis. */
export interface InsightsSource {
  current(documentUri: string): AnalysisInsights | undefined;
}

/** A square attention matrix over the analysed tokens: row-major, rows = queries, columns = keys. */
export interface SquareAttention {
  label: string;
  weights: Float32Array;
}

export interface InsightsInput {
  runId: number;
  documentUri: string;
  documentVersion: number;
  /** Document offset of the analysed range's start; token offsets are relative to it (as in AnalysedRun). */
  baseOffset: number;
  /** Document offset one past the analysed range. */
  endOffset: number;
  tokens: readonly { id: number; text: string; start: number; end: number }[];
  /** Encoder self-attention of the layer and head the panel shows. */
  focused: SquareAttention;
  /** Encoder self-attention of the same layer, averaged over heads. */
  meanOverHeads: SquareAttention;
  /**
   * The positional encodings that were added: `rows` is row-major [n, dModel] (row pos = PE(pos));
   * without `rows`, the paper's sinusoid is computed.
   */
  positionalEncoding: { dModel: number; rows?: Float32Array; dims?: number[] };
  /** How many tokens to rank in each direction (default 5). */
  topK?: number;
}

/** Letters, digits and `_`: tokens joined by these with no gap belong to one word. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * The dimensions of PE shown by default: the fastest sine/cosine pair, the next one, a pair from the
 * middle and the slowest pair, which together show the range of wavelengths.
 */
export function defaultPeDims(dModel: number): number[] {
  const middle = 2 * Math.floor(dModel / 4);
  const candidates = [0, 1, 2, 3, middle, middle + 1, dModel - 2, dModel - 1];
  return [...new Set(candidates.filter((d) => d >= 0 && d < dModel))].sort((a, b) => a - b);
}

/** PE(pos, d) of the paper (§3.5), in float64. */
export function sinusoid(pos: number, d: number, dModel: number): number {
  const angle = pos / Math.pow(10000, (2 * Math.floor(d / 2)) / dModel);
  return d % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
}

/**
 * For each token, the range [first, last] of token indices of its word: neighbours with no gap
 * between them and a letter, digit or `_` on both sides of the seam (so `Multi|Head|Attention`
 * is one word, `self|.|attn` three).
 */
export function wordSpans(tokens: readonly { text: string; start: number; end: number }[]): Array<[number, number]> {
  const joined = (i: number) => {
    const a = tokens[i];
    const b = tokens[i + 1];
    if (a.end !== b.start || a.text.length === 0 || b.text.length === 0) return false;
    const last = Array.from(a.text).pop()!;
    const first = String.fromCodePoint(b.text.codePointAt(0)!);
    return WORD_CHARACTER.test(last) && WORD_CHARACTER.test(first);
  };
  const spans: Array<[number, number]> = new Array(tokens.length);
  let first = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i === tokens.length - 1 || !joined(i)) {
      for (let j = first; j <= i; j++) spans[j] = [first, i];
      first = i + 1;
    }
  }
  return spans;
}

/**
 * Top-k per row and per column of a square matrix in one row-major pass (columns are never read
 * with a stride, which matters at n = 4096). Zero and non-finite weights are left out: a masked
 * pair is not "attended". Equal weights rank by lower index. Each entry is [index, weight].
 */
export function rankRowsAndColumns(weights: Float32Array, n: number, k: number): { rows: Array<Array<[number, number]>>; columns: Array<Array<[number, number]>> } {
  if (weights.length !== n * n) throw new Error(`An attention matrix over ${n} tokens has ${n * n} weights, not ${weights.length}.`);
  // Per list: its weights and indices, heaviest first, its length, and the weight a newcomer must
  // beat (-Infinity until the list is full), so most weights are rejected by one comparison.
  const rowW = new Float64Array(n * k);
  const rowI = new Int32Array(n * k);
  const rowLen = new Int32Array(n);
  const colW = new Float64Array(n * k);
  const colI = new Int32Array(n * k);
  const colLen = new Int32Array(n);
  const colFloor = new Float64Array(n).fill(-Infinity);
  const insert = (w: Float64Array, ix: Int32Array, len: Int32Array, list: number, index: number, weight: number): number => {
    const base = list * k;
    let at = Math.min(len[list], k - 1);
    while (at > 0 && w[base + at - 1] < weight) {
      w[base + at] = w[base + at - 1];
      ix[base + at] = ix[base + at - 1];
      at--;
    }
    w[base + at] = weight;
    ix[base + at] = index;
    if (len[list] < k) len[list]++;
    return len[list] === k ? w[base + k - 1] : -Infinity;
  };
  for (let q = 0; q < n; q++) {
    const base = q * n;
    let rowFloor = -Infinity;
    for (let key = 0; key < n; key++) {
      const w = weights[base + key];
      if (!(w > 0) || w === Infinity) continue;
      if (w > rowFloor) rowFloor = insert(rowW, rowI, rowLen, q, key, w);
      if (w > colFloor[key]) colFloor[key] = insert(colW, colI, colLen, key, q, w);
    }
  }
  const lists = (w: Float64Array, ix: Int32Array, len: Int32Array) =>
    Array.from({ length: n }, (_, list) => Array.from({ length: len[list] }, (_, j) => [ix[list * k + j], w[list * k + j]] as [number, number]));
  return { rows: lists(rowW, rowI, rowLen), columns: lists(colW, colI, colLen) };
}

function rankings(m: SquareAttention, texts: readonly string[], k: number): AttentionRanking[] {
  const { rows, columns } = rankRowsAndColumns(m.weights, texts.length, k);
  const named = (list: Array<[number, number]>) => list.map(([index, weight]) => ({ index, text: texts[index], weight }));
  return texts.map((_, i) => ({ label: m.label, attendsTo: named(rows[i]), attendedBy: named(columns[i]) }));
}

/** Everything the token hover shows, for every token of a run. */
export function computeInsights(input: InsightsInput): AnalysisInsights {
  const { tokens, baseOffset } = input;
  const n = tokens.length;
  const k = input.topK ?? 5;
  const texts = tokens.map((t) => t.text);
  const pieces = characterPieces(tokens);
  // Rankings name byte pieces by their character ("中²"), not as empty tokens.
  const shown = tokens.map((t, i) => (pieces[i] ? shownTokenText({ text: t.text, piece: pieces[i] }) : t.text));
  const focused = rankings(input.focused, shown, k);
  const mean = rankings(input.meanOverHeads, shown, k);
  const spans = wordSpans(tokens);
  const { dModel, rows: peRows } = input.positionalEncoding;
  const dims = (input.positionalEncoding.dims ?? defaultPeDims(dModel)).filter((d) => Number.isInteger(d) && d >= 0 && d < dModel);
  if (peRows && peRows.length < n * dModel) throw new Error(`Positional encodings for ${n} tokens of ${dModel} dimensions need ${n * dModel} values, not ${peRows.length}.`);
  return {
    runId: input.runId,
    documentUri: input.documentUri,
    documentVersion: input.documentVersion,
    start: baseOffset,
    end: input.endOffset,
    tokens: tokens.map((t, i) => {
      const [first, last] = spans[i];
      return {
        index: i,
        text: t.text,
        id: t.id,
        position: i,
        start: baseOffset + t.start,
        end: baseOffset + t.end,
        wordPieces: texts.slice(first, last + 1),
        wordPieceIndex: i - first,
        ...(pieces[i] ? { piece: pieces[i] } : {}),
        focused: focused[i],
        meanOverHeads: mean[i],
        positionalEncoding: { dims, values: dims.map((d) => (peRows ? peRows[i * dModel + d] : sinusoid(i, d, dModel))) },
      };
    }),
  };
}
