import * as assert from 'assert';
import { poolMax } from '../../../webview/views/overview/thumbnail-pool';

describe('thumbnail pooling', () => {
  it('keeps the full matrix when it is smaller than the thumbnail', () => {
    const w = Float32Array.from([0.1, 0.9, 0.6, 0.4]);
    const p = poolMax(w, undefined, 2, 2, 64);
    assert.deepStrictEqual([p.rows, p.cols], [2, 2]);
    assert.deepStrictEqual(Array.from(p.values), Array.from(w));
    assert.strictEqual(p.max, Math.fround(0.9));
  });

  it('keeps a sharp diagonal at full strength when 512 tokens shrink to 64 pixels', () => {
    const n = 512;
    const w = new Float32Array(n * n);
    for (let i = 0; i < n; i++) w[i * n + i] = 1;
    const p = poolMax(w, undefined, n, n, 64);
    assert.deepStrictEqual([p.rows, p.cols], [64, 64]);
    for (let b = 0; b < 64; b++) assert.strictEqual(p.values[b * 64 + b], 1);
    assert.strictEqual(p.values[0 * 64 + 5], 0);
  });

  it('marks a block masked only when all its cells are masked, ignoring masked weights', () => {
    // 4x4 causal mask pooled to 2x2: the top-right block is all masked, the diagonal blocks are not.
    const masked = Uint8Array.from([0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
    const w = Float32Array.from([1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9, 0.9, 0.3, 0.3, 0.4, 0.9, 0.25, 0.25, 0.25, 0.25]);
    const p = poolMax(w, masked, 4, 4, 2);
    assert.deepStrictEqual(Array.from(p.masked), [0, 1, 0, 0]);
    assert.strictEqual(p.values[0], 1);
    assert.strictEqual(p.values[3], Math.fround(0.4)); // 0.9 at (2,3) is masked
  });
});
