import * as assert from 'assert';
import { MaskCategory, decoderSelfMaskCells, hasPadding, paddingMaskCells } from '../../../webview/views/masks/mask-cells';

describe('mask cells', () => {
  it('the causal mask hides exactly the keys after the query', () => {
    const n = 4;
    const cells = decoderSelfMaskCells(n);
    for (let q = 0; q < n; q++) {
      for (let k = 0; k < n; k++) {
        assert.strictEqual(cells[q * n + k], k > q ? MaskCategory.Causal : MaskCategory.Allowed, `(${q}, ${k})`);
      }
    }
  });

  it('padding hides whole key columns; with the causal mask both can apply', () => {
    const cells = decoderSelfMaskCells(3, [false, false, true]);
    assert.strictEqual(cells[2 * 3 + 2], MaskCategory.Padding); // query 2, key 2: not later, but padding
    assert.strictEqual(cells[0 * 3 + 2], MaskCategory.CausalAndPadding);
    assert.strictEqual(cells[0 * 3 + 1], MaskCategory.Causal);
  });

  it('padding-only attentions mask padded keys for every query, never queries', () => {
    const cells = paddingMaskCells(2, 3, [false, true, false]);
    assert.deepStrictEqual(Array.from(cells), [0, 2, 0, 0, 2, 0]);
  });

  it('knows when there is no padding at all', () => {
    assert.strictEqual(hasPadding(undefined), false);
    assert.strictEqual(hasPadding([false, false]), false);
    assert.strictEqual(hasPadding([false, true]), true);
    assert.deepStrictEqual(Array.from(paddingMaskCells(1, 2)), [0, 0]);
  });
});
