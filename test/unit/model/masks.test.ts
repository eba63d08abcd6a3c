import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { allowedMask, paddingMask, subsequentMask } from '../../../src/model/masks';
import { disposeMask, maskedSoftmax, maskTensors } from '../../../src/model/device/masked-softmax';
import { maskFor } from '../../../webview/app/run-labels';
import { onBackend } from './helpers/backends';
import { assertRowsSumToOne } from './helpers/compare';

describe('model/masks', () => {
  onBackend('cpu');

  it('subsequent mask is lower-triangular [n, n]: query i sees keys j <= i', () => {
    const m = subsequentMask(4);
    assert.equal(m.length, 16);
    assert.deepEqual(Array.from(m), [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1]);
  });

  it('subsequent mask [nq, nk]: (i, j) allowed when j <= i; maskFor (the heatmap, 1 = masked) is its complement', () => {
    assert.deepEqual(Array.from(subsequentMask(3, 2)), [1, 0, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(subsequentMask(2, 4)), [1, 0, 0, 0, 1, 1, 0, 0]);
    assert.deepEqual(Array.from(subsequentMask(4, 4)), Array.from(subsequentMask(4)));
    assert.deepEqual(Array.from(maskFor('decoderSelf', 3, 3) ?? []), [0, 1, 1, 0, 0, 1, 0, 0, 0]);
    assert.equal(maskFor('encoderSelf', 3, 3), undefined);
    assert.equal(maskFor('cross', 3, 2), undefined);
  });

  it('padding mask hides padded positions', () => {
    assert.deepEqual(Array.from(paddingMask([false, false, true])), [1, 1, 0]);
  });

  it('allowedMask combines causal and key padding per batch item, [B, nq, nk]', () => {
    const m = allowedMask({ batch: 2, nQueries: 3, nKeys: 3, causal: true, keyPadding: [[false, false, false], [false, true, false]] });
    assert.ok(m);
    assert.equal(m.length, 18);
    assert.deepEqual(Array.from(m.subarray(0, 9)), [1, 0, 0, 1, 1, 0, 1, 1, 1]);
    assert.deepEqual(Array.from(m.subarray(9)), [1, 0, 0, 1, 0, 0, 1, 0, 1]);
  });

  it('allowedMask is null when nothing is hidden, and rejects a non-square causal mask', () => {
    assert.equal(allowedMask({ batch: 1, nQueries: 2, nKeys: 5, keyPadding: [[false, false, false, false, false]] }), null);
    assert.equal(allowedMask({ batch: 1, nQueries: 2, nKeys: 5 }), null);
    assert.throws(() => allowedMask({ batch: 1, nQueries: 2, nKeys: 3, causal: true }), /causal/);
  });

  // Float32 backends add -1e9; half-float ones (additive null) fill with the row minimum and zero out.
  for (const path of ['float32 (-1e9 added)', 'half-float safe (no constant)'] as const) {
    it(`maskedSoftmax gives exactly 0 to masked keys, rows summing to 1, equal to softmax over the allowed keys: ${path}`, async () => {
      const before = tf.memory().numTensors;
      const scores = [3, -1, 2, 0.5, 40, -30, 7, 1, -200, -210, -205, -220];
      const allowed = Uint8Array.from([1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0]);
      const probe = maskTensors(allowed, 1, 3, 4);
      assert.ok('additive' in probe, 'the cpu backend computes in float32, so the mask takes the additive form');
      disposeMask(probe);
      const mask = maskTensors(allowed, 1, 3, 4, path.startsWith('float32') ? 32 : 16);
      const s = tf.tensor4d(scores, [1, 1, 3, 4]);
      const w = maskedSoftmax(s, mask);
      const got = await w.data();
      for (let i = 0; i < 3; i++) {
        const row = scores.slice(i * 4, i * 4 + 4);
        const keep = Array.from(allowed.subarray(i * 4, i * 4 + 4));
        const m = Math.max(...row.filter((_, j) => keep[j] === 1));
        const z = row.reduce((s, v, j) => s + (keep[j] ? Math.exp(v - m) : 0), 0);
        for (let j = 0; j < 4; j++) {
          if (!keep[j]) assert.equal(got[i * 4 + j], 0, `masked (${i}, ${j}) must be exactly 0`);
          else assert.ok(Math.abs(got[i * 4 + j] - Math.exp(row[j] - m) / z) < 1e-6, `(${i}, ${j})`);
        }
      }
      assertRowsSumToOne(got, 4, 1e-6, 'masked softmax');
      tf.dispose([s, w]);
      disposeMask(mask);
      assert.equal(tf.memory().numTensors, before, 'maskedSoftmax released its intermediates');
    });
  }

  it('broadcasts a [B, 1, nq, nk] mask over the heads', async () => {
    const allowed = subsequentMask(3);
    const mask = maskTensors(allowed, 1, 3, 3);
    const scores = tf.randomNormal([1, 4, 3, 3], 0, 5, 'float32', 1) as tf.Tensor4D;
    const w = maskedSoftmax(scores, mask);
    const got = await w.data();
    for (let h = 0; h < 4; h++) {
      for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) assert.equal(got[(h * 3 + i) * 3 + j], 0);
    }
    assertRowsSumToOne(got, 3, 1e-6, 'causal rows');
    tf.dispose([scores, w]);
    disposeMask(mask);
  });
});
