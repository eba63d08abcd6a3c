import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { multiHeadAttention, scaledDotProductAttention } from '../../../src/model/attention';
import { uploadMultiHeadAttention, disposeMultiHeadAttention, type AttentionStrategy } from '../../../src/model/device/head-layouts';
import { allowedMask } from '../../../src/model/masks';
import { disposeMask, maskTensors } from '../../../src/model/device/masked-softmax';
import { Prng } from '../../../src/model/prng';
import { onBackend, useBackend } from './helpers/backends';
import { assertClose, assertRowsSumToOne } from './helpers/compare';

const STRATEGIES: AttentionStrategy[] = ['batched', 'per-head'];

function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const rng = new Prng(seed, 3);
  return Float32Array.from({ length: n }, () => scale * (2 * rng.nextFloat() - 1));
}

describe('model/attention', () => {
  onBackend('cpu');

  it('scaled dot-product attention matches a hand computation', async () => {
    // q is already scaled by 1/sqrt(dK) (the projection folds it in).
    const q = tf.tensor4d([1, 0, 0, 2], [1, 1, 2, 2]);
    const k = tf.tensor4d([1, 0, 0, 1, 1, 1], [1, 1, 3, 2]);
    const v = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 3, 2]);
    const { weights, context } = scaledDotProductAttention(q, k, v, null);
    const e = Math.E;
    const w0 = [e, 1, e].map((x) => x / (2 * e + 1));
    const w1 = [1, e * e, e * e].map((x) => x / (1 + 2 * e * e));
    const ctx = (w: number[]): number[] => [w[0] * 1 + w[1] * 3 + w[2] * 5, w[0] * 2 + w[1] * 4 + w[2] * 6];
    assertClose(await weights.data(), [...w0, ...w1], 1e-6, 'weights');
    assertClose(await context.data(), [...ctx(w0), ...ctx(w1)], 1e-6, 'context');
    assert.deepEqual(weights.shape, [1, 1, 2, 3]);
    tf.dispose([q, k, v, weights, context]);
  });

  it('multi-head attention: both layouts agree on cpu and wasm, masked keys get exactly 0, nothing leaks', async () => {
    const dModel = 12; const h = 3; const B = 2; const nq = 5; const nk = 4;
    const inW = randomArray(3 * dModel * dModel, 4); const inB = randomArray(3 * dModel, 5);
    const outW = randomArray(dModel * dModel, 6); const outB = randomArray(dModel, 7);
    const xd = randomArray(B * nq * dModel, 8, 2); const md = randomArray(B * nk * dModel, 9, 2);
    const allowed = allowedMask({ batch: B, nQueries: nq, nKeys: nk, keyPadding: [[false, false, false, true], [false, true, false, false]] });
    assert.ok(allowed);
    const results: Float32Array[] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      for (const layout of STRATEGIES) {
        const before = tf.memory().numTensors;
        const w = uploadMultiHeadAttention(inW, inB, outW, outB, dModel, h, 4, 4, layout);
        const x = tf.tensor2d(xd, [B * nq, dModel]);
        const mem = tf.tensor2d(md, [B * nk, dModel]);
        const mask = maskTensors(allowed, B, nq, nk);
        const r = multiHeadAttention(x, mem, B, w, mask);
        assert.deepEqual(r.output.shape, [B * nq, dModel]);
        assert.deepEqual(r.weights.shape, [B, h, nq, nk]);
        const wd = await r.weights.data() as Float32Array;
        assertRowsSumToOne(wd, nk, 1e-6, `${backend}/${layout}`);
        for (let b = 0; b < B; b++) for (let hd = 0; hd < h; hd++) for (let i = 0; i < nq; i++) {
          assert.equal(wd[((b * h + hd) * nq + i) * nk + (b === 0 ? 3 : 1)], 0, 'padded key has weight exactly 0');
        }
        results.push(Float32Array.from([...wd, ...(await r.output.data())]));
        tf.dispose([x, mem, r.output, r.weights]);
        disposeMask(mask);
        disposeMultiHeadAttention(w);
        assert.equal(tf.memory().numTensors, before, `${backend}/${layout} leaks no tensor`);
      }
    }
    await useBackend('cpu');
    for (let i = 1; i < results.length; i++) assertClose(results[i], results[0], 1e-5, `result ${i} vs cpu/batched`);
  });

  it('heads attend differently (each has its own projections)', async () => {
    const dModel = 8; const h = 2; const nq = 3; const nk = 5;
    const w = uploadMultiHeadAttention(randomArray(3 * dModel * dModel, 4), randomArray(3 * dModel, 5), randomArray(dModel * dModel, 6), randomArray(dModel, 7), dModel, h, 4, 4);
    const x = tf.tensor2d(randomArray(nq * dModel, 8), [nq, dModel]);
    const mem = tf.tensor2d(randomArray(nk * dModel, 9), [nk, dModel]);
    const r = multiHeadAttention(x, mem, 1, w, null);
    const wd = await r.weights.data();
    let diff = 0;
    for (let i = 0; i < nq * nk; i++) diff = Math.max(diff, Math.abs(wd[i] - wd[nq * nk + i]));
    assert.ok(diff > 1e-3, 'the two heads attend differently');
    tf.dispose([x, mem, r.output, r.weights]);
    disposeMultiHeadAttention(w);
  });
});
