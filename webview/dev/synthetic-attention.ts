/**
 * SYNTHETIC demo data for the dev harness and the screenshots: a line of code split with a simple
 * regular expression, and attention matrices built from hand-made patterns (previous token,
 * diagonal alignment, attention sink) plus seeded noise, passed through a masked softmax so every
 * row is a valid distribution and causal entries are exactly 0. The real app feeds model output.
 */
import { uniformStream } from '../../src/model/prng';
import type { AttentionMatrix, TokenLabel, TokenSpan } from '../views/types';
import { type AttentionKind } from '../../src/shared/vocabulary';

/** Identifiers, numbers, runs of spaces/tabs, newlines, and single punctuation characters. */
const TOKEN_PATTERN = /[A-Za-z_][A-Za-z_0-9]*|\d+|[ \t]+|\r?\n|[^A-Za-z_0-9\s]/g;

export const BOS = '<s>';

/** A deterministic small id for a token's text (the demo has no vocabulary). */
function demoId(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) % 4096;
}

export function splitCode(code: string): TokenSpan[] {
  const out: TokenSpan[] = [];
  for (const m of code.matchAll(TOKEN_PATTERN)) {
    const start = m.index ?? 0;
    out.push({ text: m[0], position: out.length, id: demoId(m[0]), start, end: start + m[0].length });
  }
  return out;
}

/** Decoder input: <s> followed by the source shifted right by one (its last token dropped). */
export function decoderInput(source: TokenLabel[]): TokenLabel[] {
  return [{ text: BOS, position: 0, id: 1 }, ...source.slice(0, source.length - 1).map((t, i) => ({ ...t, position: i + 1 }))];
}


/** Row-wise softmax over logits, with masked entries (1) excluded and set to exactly 0. */
export function maskedSoftmax(logits: Float32Array, rows: number, cols: number, masked?: Uint8Array): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (!masked?.[r * cols + c]) max = Math.max(max, logits[r * cols + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const e = masked?.[i] ? 0 : Math.exp(logits[i] - max);
      out[i] = e;
      sum += e;
    }
    for (let c = 0; c < cols; c++) out[r * cols + c] /= sum || 1;
  }
  return out;
}

export function causalMask(n: number): Uint8Array {
  const m = new Uint8Array(n * n);
  for (let q = 0; q < n; q++) for (let k = q + 1; k < n; k++) m[q * n + k] = 1;
  return m;
}

type Pattern = (q: number, k: number) => number;

/** Head h's pattern for a kind: each head a different, recognisable habit. */
function pattern(kind: AttentionKind, head: number, layer: number, queries: TokenLabel[], keys: TokenLabel[]): Pattern {
  const same = (q: number, k: number) => (queries[q].text === keys[k].text ? 3 : 0);
  const habits: Pattern[] =
    kind === 'cross'
      ? [
          (q, k) => (k === q ? 6 : 0), // alignment: decoder position i looks at the source token it is about to produce
          (q, k) => (k === q - 1 ? 6 : 0), // the source token it has just copied
          (q, k) => same(q, k) + (Math.abs(k - q) <= 2 ? 2 : 0),
          (q, k) => (k === keys.length - 1 ? 4 : 0) + (k === q ? 3 : 0),
        ]
      : kind === 'decoderSelf'
        ? [
            (q, k) => (k === q - 1 ? 6 : 0), // previous token
            (_q, k) => (k === 0 ? 5 : 0), // <s> as an attention sink
            (q, k) => (k === q ? 5 : 0), // itself
            (q, k) => same(q, k) + (q - k < 4 ? 1.5 : 0),
          ]
        : [
            (q, k) => (k === q - 1 ? 6 : 0), // previous token
            (q, k) => (k === q + 1 ? 6 : 0), // next token
            (q, k) => same(q, k) + (k === q ? 1 : 0),
            (_q, k) => (/^\s+$/.test(keys[k].text) ? 3 : 0), // whitespace
          ];
  const base = habits[(head + layer) % habits.length];
  const sharpness = 1 - 0.12 * layer;
  return (q, k) => base(q, k) * sharpness;
}

export function syntheticAttention(
  kind: AttentionKind,
  layer: number,
  head: number,
  queries: TokenLabel[],
  keys: TokenLabel[],
  seed = 1,
): AttentionMatrix {
  const nq = queries.length;
  const nk = keys.length;
  const random = uniformStream(seed * 7919 + layer * 131 + head * 17 + kind.length);
  const p = pattern(kind, head, layer, queries, keys);
  const logits = new Float32Array(nq * nk);
  for (let q = 0; q < nq; q++) for (let k = 0; k < nk; k++) logits[q * nk + k] = p(q, k) + 1.2 * random();
  const masked = kind === 'decoderSelf' ? causalMask(nq) : undefined;
  return { kind, layer, head, queries, keys, weights: maskedSoftmax(logits, nq, nk, masked), masked };
}

export interface SyntheticRun {
  code: string;
  source: TokenSpan[];
  decoder: TokenLabel[];
  layers: number;
  heads: number;
  /** [kind][layer][head] */
  attention: Record<AttentionKind, AttentionMatrix[][]>;
}

export function syntheticRun(code: string, layers: number, heads: number): SyntheticRun {
  const source = splitCode(code);
  const decoder = decoderInput(source);
  const build = (kind: AttentionKind): AttentionMatrix[][] =>
    Array.from({ length: layers }, (_, layer) =>
      Array.from({ length: heads }, (_, head) =>
        syntheticAttention(kind, layer, head, kind === 'encoderSelf' ? source : decoder, kind === 'decoderSelf' ? decoder : source),
      ),
    );
  return { code, source, decoder, layers, heads, attention: { encoderSelf: build('encoderSelf'), decoderSelf: build('decoderSelf'), cross: build('cross') } };
}
