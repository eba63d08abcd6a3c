import * as assert from 'assert';
import { labelStride, labelledIndices } from '../../../webview/views/shared/label-thinning';

describe('label thinning', () => {
  it('labels every token when a cell is taller than a line of text', () => {
    assert.strictEqual(labelStride(20, 14), 1);
    assert.deepStrictEqual(labelledIndices(4, 20, 14), [0, 1, 2, 3]);
  });

  it('picks the smallest nice stride (1, 2, 5, 10, 20, 50 …) that leaves room for a label', () => {
    assert.strictEqual(labelStride(10, 14), 2);
    assert.strictEqual(labelStride(4, 14), 5);
    assert.strictEqual(labelStride(1, 14), 20);
    assert.strictEqual(labelStride(0.5, 14), 50);
  });

  it('labelled indices never get closer than the minimum spacing at n = 512', () => {
    const cell = 600 / 512;
    const shown = labelledIndices(512, cell, 14);
    for (let i = 1; i < shown.length; i++) assert.ok((shown[i] - shown[i - 1]) * cell >= 14);
    assert.strictEqual(shown[0], 0);
    assert.deepStrictEqual(shown.slice(0, 3), [0, 20, 40]); // stride 20 at 1.17 px per token
  });

  it('gives no labels when cells have no size', () => {
    assert.deepStrictEqual(labelledIndices(10, 0, 14), []);
  });
});
