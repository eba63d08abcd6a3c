import * as assert from 'node:assert/strict';
import { countParameters, forwardMultiplyAdds, table1 } from '../../../src/model/accounting';
import { BASE, BIG } from '../../../src/model/config';
import { randomParameters, tinyConfig, tokens } from './helpers/params';
import { referenceForward } from './helpers/reference';

describe('model/accounting', () => {
  it('the base model with shared embeddings and 37000 tokens has 63,119,496 parameters', () => {
    const d = 512; const dff = 2048; const V = 37000; const N = 6;
    const attention = 4 * d * d + 4 * d; // in_proj (3d x d) + out_proj (d x d), with biases
    const ffn = 2 * d * dff + dff + d;
    const norm = 2 * d;
    const encoderLayer = attention + ffn + 2 * norm;
    const decoderLayer = 2 * attention + ffn + 3 * norm;
    const expected = V * d + N * encoderLayer + N * decoderLayer + V; // shared embedding + generator bias
    assert.equal(expected, 63_119_496);
    const counts = countParameters(BASE);
    assert.equal(counts.total, expected);
    assert.equal(counts.byGroup.embeddings, V * d);
    assert.equal(counts.byGroup['encoder.self_attn'], N * attention);
    assert.equal(counts.byGroup['decoder.cross_attn'], N * attention);
    assert.equal(counts.byGroup['encoder.feed_forward'], N * ffn);
    assert.equal(counts.byGroup['decoder.norm'], N * 3 * norm);
    assert.equal(counts.byGroup.generator, V);
    assert.deepEqual(counts.encoderLayers, new Array(N).fill(encoderLayer));
    assert.deepEqual(counts.decoderLayers, new Array(N).fill(decoderLayer));
    // The paper's Table 3 rounds the base model to 65 M (its vocabulary differs slightly).
    assert.ok(Math.abs(counts.total / 1e6 - 65) < 2.5);
  });

  it('the big model is about 213 M parameters as in Table 3', () => {
    assert.ok(Math.abs(countParameters(BIG).total / 1e6 - 213) < 10);
  });

  it('unshared embeddings add a target table and a generator matrix', () => {
    const shared = countParameters(BASE).total;
    assert.equal(countParameters({ ...BASE, sharedEmbeddings: false }).total - shared, 2 * 37000 * 512);
    assert.equal(countParameters({ ...BASE, finalNorm: true }).total - shared, 4 * 512);
  });

  it('forward multiply-adds equal those the float64 reference performs', () => {
    for (const [c, B, nS, nT] of [[tinyConfig(), 2, 5, 3], [tinyConfig({ N: 1, h: 4, dK: 2, dV: 2 }), 1, 2, 7]] as const) {
      const ref = referenceForward(c, randomParameters(c, 1), { src: tokens(B, nS, c.vocabSize, 1), tgt: tokens(B, nT, c.vocabSize, 2) });
      assert.equal(forwardMultiplyAdds(c, nS, nT, B).total, ref.multiplyAdds);
    }
  });

  it('base model at n = 128: the breakdown adds up and matches the closed form', () => {
    const n = 128; const d = 512; const dff = 2048; const V = 37000;
    const m = forwardMultiplyAdds(BASE, n, n);
    const selfAttn = 4 * n * d * d + 2 * n * n * d;
    assert.equal(m.encoderLayer.selfAttention.total, selfAttn);
    assert.equal(m.encoderLayer.selfAttention.scores, n * n * d);
    assert.equal(m.encoderLayer.feedForward, 2 * n * d * dff);
    assert.equal(m.decoderLayer.total, 2 * selfAttn + 2 * n * d * dff);
    assert.equal(m.generator, n * d * V);
    assert.equal(m.total, 6 * (selfAttn + 2 * n * d * dff) + 6 * (2 * selfAttn + 2 * n * d * dff) + n * d * V);
    assert.equal(forwardMultiplyAdds(BASE, n, n, 3).total, 3 * m.total);
  });

  it("Table 1: complexity per layer, sequential operations and path length for given n, d, k, r", () => {
    const rows = table1(128, 512, 3, 16);
    assert.deepEqual(rows.map((r) => r.layerType), ['self-attention', 'recurrent', 'convolutional', 'self-attention (restricted)']);
    const [sa, rnn, conv, restricted] = rows;
    assert.deepEqual(sa.complexityPerLayer, { formula: 'O(n^2 · d)', value: 128 * 128 * 512 });
    assert.deepEqual(rnn.complexityPerLayer, { formula: 'O(n · d^2)', value: 128 * 512 * 512 });
    assert.deepEqual(conv.complexityPerLayer, { formula: 'O(k · n · d^2)', value: 3 * 128 * 512 * 512 });
    assert.deepEqual(restricted.complexityPerLayer, { formula: 'O(r · n · d)', value: 16 * 128 * 512 });
    assert.deepEqual(rows.map((r) => r.sequentialOperations.value), [1, 128, 1, 1]);
    assert.deepEqual(rows.map((r) => r.sequentialOperations.formula), ['O(1)', 'O(n)', 'O(1)', 'O(1)']);
    assert.deepEqual(rows.map((r) => r.maximumPathLength.formula), ['O(1)', 'O(n)', 'O(log_k(n))', 'O(n/r)']);
    assert.ok(Math.abs(conv.maximumPathLength.value - Math.log(128) / Math.log(3)) < 1e-12);
    assert.equal(restricted.maximumPathLength.value, 8);
    // The paper's point: self-attention is cheaper than recurrence when n < d.
    assert.ok(sa.complexityPerLayer.value < rnn.complexityPerLayer.value);
    assert.ok(table1(1024, 512, 3, 16)[0].complexityPerLayer.value > table1(1024, 512, 3, 16)[1].complexityPerLayer.value);
  });
});
