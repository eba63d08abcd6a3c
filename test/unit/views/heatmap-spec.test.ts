import * as assert from 'assert';
import type { AttentionMatrix } from '../../../webview/views/types';
import { lutIndex } from '../../../webview/views/shared/colormaps';
import {
  MASKED_FILL_INDEX,
  attentionCellFills,
  checkMatrixShape,
  scaleMaximum,
} from '../../../webview/views/heatmap/heatmap-cells';
import { heatmapCellDescription, heatmapSpec } from '../../../webview/views/heatmap/heatmap-spec';

const tok = (text: string, position: number) => ({ text, position, id: position + 10 });

/** 2 decoder-input queries x 3 source keys, all weights distinct, so swapped axes would show. */
function crossMatrix(): AttentionMatrix {
  return {
    kind: 'cross',
    layer: 0,
    head: 1,
    queries: [tok('<s>', 0), tok('def', 1)],
    keys: [tok('def', 0), tok(' ', 1), tok('add', 2)],
    weights: Float32Array.from([0.7, 0.2, 0.1, 0.05, 0.15, 0.8]),
  };
}

describe('heatmap data → cells and labels', () => {
  it('rows are queries and columns keys, with visible whitespace in the labels', () => {
    const spec = heatmapSpec(crossMatrix(), 'unit');
    assert.strictEqual(spec.rows, 2);
    assert.strictEqual(spec.cols, 3);
    assert.deepStrictEqual(spec.rowLabels, ['<s>', 'def']);
    assert.deepStrictEqual(spec.colLabels, ['def', '␣', 'add']);
    assert.strictEqual(spec.rowTitle, 'Queries (decoder input, attending)');
    assert.match(spec.colTitle, /^Keys \(source tokens/);
  });

  it('cell (q, k) gets the colour of weights[q · nk + k]', () => {
    const m = crossMatrix();
    const fills = attentionCellFills(m, 1);
    assert.strictEqual(fills[0 * 3 + 2], lutIndex(0.1)); // query <s>, key add
    assert.strictEqual(fills[1 * 3 + 2], lutIndex(0.8)); // query def, key add
    assert.notStrictEqual(fills[0 * 3 + 2], fills[1 * 3 + 2]);
  });

  it('masked cells get the masked fill whatever their weight, and do not set the scale', () => {
    const m: AttentionMatrix = { ...crossMatrix(), masked: Uint8Array.from([0, 0, 1, 0, 0, 0]) };
    m.weights[2] = 0.95; // a masked weight must be ignored by the 'max' scale
    const fills = attentionCellFills(m, scaleMaximum(m, 'max'));
    assert.strictEqual(fills[2], MASKED_FILL_INDEX);
    assert.strictEqual(scaleMaximum(m, 'max'), Math.fround(0.8));
    assert.strictEqual(scaleMaximum(m, 'unit'), 1);
  });

  it('the legend says what masked means only when something is masked', () => {
    assert.deepStrictEqual(heatmapSpec(crossMatrix(), 'max').legend.swatches, []);
    const masked = heatmapSpec({ ...crossMatrix(), masked: Uint8Array.from([0, 0, 1, 0, 0, 0]) }, 'max');
    assert.strictEqual(masked.legend.swatches?.[0].label, 'masked: set to −∞ before softmax, weight exactly 0');
  });

  it('the tooltip names the query and the key of the cell, in that order', () => {
    const lines = heatmapCellDescription(crossMatrix(), 1, 2);
    assert.strictEqual(lines[0], 'weight 0.8000');
    assert.match(lines[1], /^query “def” · pos 1 · decoder input/);
    assert.match(lines[2], /^key “add” · pos 2 · source tokens/);
  });

  it('rejects weights that do not match the token counts', () => {
    assert.throws(() => checkMatrixShape({ ...crossMatrix(), weights: new Float32Array(5) }), /5 weights for 2 queries × 3 keys/);
  });
});
