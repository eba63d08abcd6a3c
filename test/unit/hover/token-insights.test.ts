import * as assert from 'assert';
import fc from 'fast-check';
import { computeInsights, defaultPeDims, rankRowsAndColumns, sinusoid, wordSpans, type InsightsInput } from '../../../src/host/hover/token-insights';

/** Tokens tiling `texts` from offset 0, as a tokenizer returns them. */
function tile(texts: string[]): { id: number; text: string; start: number; end: number }[] {
  let at = 0;
  return texts.map((text, i) => {
    const t = { id: 100 + i, text, start: at, end: at + text.length };
    at += text.length;
    return t;
  });
}

/** Reference ranking: sort all positive weights, heaviest first, lower index first on ties. */
function bruteTop(values: number[], k: number): Array<[number, number]> {
  return values
    .map((w, i) => [i, w] as [number, number])
    .filter(([, w]) => w > 0 && Number.isFinite(w))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k);
}

function input(texts: string[], focused: Float32Array, mean: Float32Array, extra: Partial<InsightsInput> = {}): InsightsInput {
  return {
    runId: 7,
    documentUri: 'untitled:Untitled-1',
    documentVersion: 3,
    baseOffset: 40,
    endOffset: 40 + texts.join('').length,
    tokens: tile(texts),
    focused: { label: 'Encoder self-attention · Layer 2 · Head 3', weights: focused },
    meanOverHeads: { label: 'Encoder self-attention · Layer 2 · mean of 8 heads', weights: mean },
    positionalEncoding: { dModel: 16 },
    ...extra,
  };
}

describe('computeInsights', () => {
  it('ranks the top 5 keys of each row and the top 5 queries of each column, as a full sort would (random matrices)', function () {
    this.timeout(20_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(fc.oneof(fc.constant(0), fc.constant(0.25), fc.float({ min: 0, max: 1, noNaN: true })), { minLength: n * n, maxLength: n * n })),
        ),
        ([n, values]) => {
          const w = Float32Array.from(values);
          const texts = Array.from({ length: n }, (_, i) => `t${i}`);
          const result = computeInsights(input(texts, w, w));
          for (let i = 0; i < n; i++) {
            const row = Array.from(w.subarray(i * n, (i + 1) * n));
            const column = Array.from({ length: n }, (_, q) => w[q * n + i]);
            const t = result.tokens[i];
            assert.deepStrictEqual(t.focused.attendsTo.map((r) => [r.index, r.weight]), bruteTop(row, 5));
            assert.deepStrictEqual(t.focused.attendedBy.map((r) => [r.index, r.weight]), bruteTop(column, 5));
            assert.deepStrictEqual(t.meanOverHeads.attendsTo, t.focused.attendsTo);
            for (const r of [...t.focused.attendsTo, ...t.focused.attendedBy]) assert.strictEqual(r.text, texts[r.index]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the focused and the mean matrices apart, with their labels', () => {
    // Token 0 attends to token 2 in the focused head and to token 1 on average.
    const focused = Float32Array.from([0.1, 0.2, 0.7, 0.3, 0.4, 0.3, 0.5, 0.25, 0.25]);
    const mean = Float32Array.from([0.2, 0.6, 0.2, 0.3, 0.4, 0.3, 0.5, 0.25, 0.25]);
    const t0 = computeInsights(input(['a', 'b', 'c'], focused, mean)).tokens[0];
    assert.strictEqual(t0.focused.label, 'Encoder self-attention · Layer 2 · Head 3');
    assert.deepStrictEqual(t0.focused.attendsTo.map((r) => r.index), [2, 1, 0]);
    assert.deepStrictEqual(t0.meanOverHeads.attendsTo.map((r) => r.index), [1, 0, 2]);
    assert.strictEqual(t0.meanOverHeads.label, 'Encoder self-attention · Layer 2 · mean of 8 heads');
    // Column 0: queries 2 (0.5), 1 (0.3), 0 (0.1).
    assert.deepStrictEqual(t0.focused.attendedBy.map((r) => [r.index, r.text]), [[2, 'c'], [1, 'b'], [0, 'a']]);
  });

  it('honours topK and leaves out masked (zero) weights', () => {
    const n = 8;
    const causal = new Float32Array(n * n);
    for (let q = 0; q < n; q++) for (let k = 0; k <= q; k++) causal[q * n + k] = 1 / (q + 1);
    const tokens = computeInsights(input(Array.from({ length: n }, (_, i) => `w${i}`), causal, causal, { topK: 3 })).tokens;
    assert.deepStrictEqual(tokens[0].focused.attendsTo.map((r) => r.index), [0], 'the first token sees only itself');
    assert.strictEqual(tokens[7].focused.attendsTo.length, 3);
    assert.deepStrictEqual(tokens[7].focused.attendedBy.map((r) => r.index), [7], 'only the last query sees the last key');
    assert.deepStrictEqual(tokens[0].focused.attendedBy.map((r) => r.index), [0, 1, 2], 'ties rank by lower index');
  });

  it('places tokens at document offsets and positions, with ids and run identity', () => {
    const w = Float32Array.from([1]);
    const r = computeInsights(input(['hello'], w, w));
    assert.deepStrictEqual({ runId: r.runId, uri: r.documentUri, version: r.documentVersion, start: r.start, end: r.end }, { runId: 7, uri: 'untitled:Untitled-1', version: 3, start: 40, end: 45 });
    assert.deepStrictEqual([r.tokens[0].start, r.tokens[0].end, r.tokens[0].position, r.tokens[0].id, r.tokens[0].index], [40, 45, 0, 100, 0]);
  });

  it('gives PE(pos) of the paper, or the rows it is given', () => {
    const n = 3;
    const w = new Float32Array(n * n).fill(1 / n);
    const computed = computeInsights(input(['a', 'b', 'c'], w, w, { positionalEncoding: { dModel: 16, dims: [0, 1, 6, 15] } })).tokens[2];
    assert.deepStrictEqual(computed.positionalEncoding.dims, [0, 1, 6, 15]);
    assert.ok(Math.abs(computed.positionalEncoding.values[0] - Math.sin(2)) < 1e-12);
    assert.ok(Math.abs(computed.positionalEncoding.values[1] - Math.cos(2)) < 1e-12);
    assert.ok(Math.abs(computed.positionalEncoding.values[2] - Math.sin(2 / Math.pow(10000, 6 / 16))) < 1e-12);
    assert.ok(Math.abs(computed.positionalEncoding.values[3] - Math.cos(2 / Math.pow(10000, 14 / 16))) < 1e-12);
    const rows = Float32Array.from({ length: n * 4 }, (_, i) => i);
    const given = computeInsights(input(['a', 'b', 'c'], w, w, { positionalEncoding: { dModel: 4, rows, dims: [1, 3] } })).tokens[1];
    assert.deepStrictEqual(given.positionalEncoding.values, [5, 7]);
  });

  it('shows the fastest, a middle and the slowest sine/cosine pairs by default', () => {
    assert.deepStrictEqual(defaultPeDims(512), [0, 1, 2, 3, 256, 257, 510, 511]);
    assert.deepStrictEqual(defaultPeDims(4), [0, 1, 2, 3]);
    assert.deepStrictEqual(defaultPeDims(1), [0]);
    assert.strictEqual(sinusoid(0, 1, 512), 1);
  });

  it('rejects matrices and encodings of the wrong size', () => {
    const w = new Float32Array(4);
    assert.throws(() => computeInsights(input(['a', 'b', 'c'], w, w)), /over 3 tokens has 9 weights, not 4/);
    const ok = new Float32Array(4).fill(0.5);
    assert.throws(() => computeInsights(input(['a', 'b'], ok, ok, { positionalEncoding: { dModel: 4, rows: new Float32Array(3) } })), /need 8 values, not 3/);
  });
});

describe('word pieces', () => {
  const pieces = (texts: string[]) => {
    const n = texts.length;
    const w = new Float32Array(n * n).fill(1 / n);
    return computeInsights(input(texts, w, w)).tokens.map((t) => `${t.wordPieces.join('+')}@${t.wordPieceIndex}`);
  };

  it('groups the tokens of one identifier, split wherever the tokenizer split it', () => {
    assert.deepStrictEqual(pieces(['self', '.', 'Multi', 'Head', 'Attention', '(', 'd', '_', 'model', ')']), [
      'self@0', '.@0', 'Multi+Head+Attention@0', 'Multi+Head+Attention@1', 'Multi+Head+Attention@2', '(@0', 'd+_+model@0', 'd+_+model@1', 'd+_+model@2', ')@0',
    ]);
  });

  it('starts a new word at whitespace and punctuation, and after a gap', () => {
    assert.deepStrictEqual(pieces([' tok', 'en', 'izer', ' ', 'x']), [' tok+en+izer@0', ' tok+en+izer@1', ' tok+en+izer@2', ' @0', 'x@0']);
    const spans = wordSpans([{ text: 'ab', start: 0, end: 2 }, { text: 'cd', start: 3, end: 5 }]);
    assert.deepStrictEqual(spans, [[0, 0], [1, 1]], 'tokens that do not touch are separate words');
    assert.deepStrictEqual(wordSpans([{ text: 'é', start: 0, end: 1 }, { text: '9', start: 1, end: 2 }, { text: '', start: 2, end: 2 }]), [[0, 1], [0, 1], [2, 2]]);
  });

  it('ranks a 4096-token matrix correctly in one pass, within seconds', function () {
    this.timeout(20_000);
    const n = 4096;
    const w = new Float32Array(n * n);
    for (let i = 0; i < w.length; i++) w[i] = ((i * 7919) % 1009) / 1009;
    const started = Date.now();
    const { rows, columns } = rankRowsAndColumns(w, n, 5);
    const ms = Date.now() - started;
    for (const i of [0, 1, 2047, 4095]) {
      assert.deepStrictEqual(rows[i], bruteTop(Array.from(w.subarray(i * n, (i + 1) * n)), 5), `row ${i}`);
      assert.deepStrictEqual(columns[i], bruteTop(Array.from({ length: n }, (_, q) => w[q * n + i]), 5), `column ${i}`);
    }
    // About 0.1–0.6 s on a laptop; the bound only catches an accidental O(n³) or strided rewrite.
    assert.ok(ms < 5000, `${ms} ms`);
  });
});
