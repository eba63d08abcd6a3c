import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type TransformerConfig } from '../../../src/model/config';
import { attentionSteps, buildModel, finish, forward, forwardSteps, forwardToArrays, type ForwardInput, type TransformerModel } from '../../../src/model/transformer';
import { sinusoidalPositionalEncoding } from '../../../src/model/positional-encoding';
import { onBackend } from './helpers/backends';
import { assertClose, assertFinite, assertRowsSumToOne, relativeDifference } from './helpers/compare';
import { randomParameters, tinyConfig, tokens } from './helpers/params';
import { referenceForward } from './helpers/reference';

const F = false;
const T = true;
/** Two sequences: the second has 2 padded source positions (4, 5) and 2 padded target positions (3, 4). */
const PADDED: ForwardInput = {
  src: [[1, 5, 7, 2, 9, 4], [3, 8, 6, 11, 0, 0]],
  tgt: [[2, 4, 6, 8, 10], [1, 3, 12, 0, 0]],
  srcPadding: [[F, F, F, F, F, F], [F, F, F, F, T, T]],
  tgtPadding: [[F, F, F, F, F], [F, F, F, T, T]],
};

async function runBoth(c: TransformerConfig, seed: number, input: ForwardInput, positionalEncoding = true) {
  const params = randomParameters(c, seed);
  const model = buildModel(c, params);
  try {
    const got = await forwardToArrays(model, input, { positionalEncoding });
    const ref = referenceForward(c, params, input, { positionalEncoding });
    return { got, ref };
  } finally {
    model.dispose();
  }
}

describe('model/forward (cpu)', () => {
  onBackend('cpu');

  for (const norm of ['post', 'pre'] as const) {
    for (const finalNorm of [false, true]) {
      it(`${norm}-LN${finalNorm ? ' + final norms' : ''}: every output equals the float64 reference`, async () => {
        const c = tinyConfig({ norm, finalNorm });
        const { got, ref } = await runBoth(c, 7, PADDED);
        for (let l = 0; l < c.N; l++) {
          assertClose(got.encoderSelfAttention[l], ref.encoderSelfAttention[l], 1e-5, `encoder layer ${l}`);
          assertClose(got.decoderSelfAttention[l], ref.decoderSelfAttention[l], 1e-5, `decoder layer ${l}`);
          assertClose(got.crossAttention[l], ref.crossAttention[l], 1e-5, `cross layer ${l}`);
        }
        assertClose(got.probabilities, ref.probabilities, 1e-5, 'probabilities');
      });
    }
  }

  it('post-LN and pre-LN give different results with the same weights', async () => {
    const post = await runBoth(tinyConfig({ norm: 'post' }), 7, PADDED);
    const pre = await runBoth(tinyConfig({ norm: 'pre' }), 7, PADDED);
    assert.ok(relativeDifference(post.got.probabilities, pre.got.probabilities) > 1e-2);
    assert.ok(relativeDifference(post.got.encoderSelfAttention[1], pre.got.encoderSelfAttention[1]) > 1e-3);
    // Layer 0's self-attention sees raw embeddings in post-LN and normalised ones in pre-LN.
    assert.ok(relativeDifference(post.ref.encoderSelfAttention[0], pre.ref.encoderSelfAttention[0]) > 1e-3);
  });

  it('separate source, target and generator matrices are used when embeddings are not shared', async () => {
    const c = tinyConfig({ sharedEmbeddings: false, h: 4, dK: 2, dV: 2, N: 1 });
    const { got, ref } = await runBoth(c, 3, PADDED);
    assertClose(got.probabilities, ref.probabilities, 1e-5, 'probabilities');
    assertClose(got.crossAttention[0], ref.crossAttention[0], 1e-5, 'cross');
  });

  it('returns every output with its documented shape', async () => {
    const c = tinyConfig({ N: 3 });
    const model = buildModel(c, randomParameters(c, 1));
    const out = forward(model, PADDED);
    const [B, nS, nT] = [2, 6, 5];
    assert.equal(out.encoderSelfAttention.length, 3);
    assert.equal(out.decoderSelfAttention.length, 3);
    assert.equal(out.crossAttention.length, 3);
    for (let l = 0; l < 3; l++) {
      assert.deepEqual(out.encoderSelfAttention[l].shape, [B, c.h, nS, nS]);
      assert.deepEqual(out.decoderSelfAttention[l].shape, [B, c.h, nT, nT]);
      assert.deepEqual(out.crossAttention[l].shape, [B, c.h, nT, nS], 'queries are target tokens, keys source tokens');
    }
    assert.deepEqual(out.positionalEncoding.shape, [nS, c.dModel]);
    assert.deepEqual(await out.positionalEncoding.data(), sinusoidalPositionalEncoding(nS, c.dModel));
    assert.deepEqual(out.probabilities.shape, [B, nT, c.vocabSize]);
    out.dispose();
    const arrays = await forwardToArrays(model, PADDED);
    model.dispose();
    assert.deepEqual([arrays.batch, arrays.nSrc, arrays.nTgt, arrays.h, arrays.N], [B, nS, nT, c.h, 3]);
    assert.equal(arrays.crossAttention[2].length, B * c.h * nT * nS);
    assert.equal(arrays.probabilities.length, B * nT * c.vocabSize);
  });

  it('every attention row and every probability row sums to 1, padded queries included', async () => {
    const c = tinyConfig();
    const { got } = await runBoth(c, 5, PADDED);
    for (let l = 0; l < c.N; l++) {
      assertRowsSumToOne(got.encoderSelfAttention[l], 6, 1e-5, `encoder ${l}`);
      assertRowsSumToOne(got.decoderSelfAttention[l], 5, 1e-5, `decoder ${l}`);
      assertRowsSumToOne(got.crossAttention[l], 6, 1e-5, `cross ${l}`);
    }
    assertRowsSumToOne(got.probabilities, c.vocabSize, 1e-5, 'probabilities');
    assertFinite(got.probabilities, 'probabilities');
  });

  it('decoder self-attention is exactly 0 above the diagonal (causal mask)', async () => {
    const c = tinyConfig();
    const { got } = await runBoth(c, 5, PADDED);
    const n = 5;
    for (const w of got.decoderSelfAttention) {
      for (let bh = 0; bh < 2 * c.h; bh++) {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const v = w[(bh * n + i) * n + j];
            if (j > i) assert.equal(v, 0, `future key (${i}, ${j}) must be exactly 0`);
            else if (!(bh >= c.h && j >= 3)) assert.ok(v > 0, `allowed key (${i}, ${j}) has weight`);
          }
        }
      }
    }
  });

  it('padded keys get exactly 0 weight in all three attentions', async () => {
    const c = tinyConfig();
    const { got } = await runBoth(c, 5, PADDED);
    const b = 1;
    for (let l = 0; l < c.N; l++) {
      for (let hd = 0; hd < c.h; hd++) {
        for (let i = 0; i < 6; i++) for (const j of [4, 5]) assert.equal(got.encoderSelfAttention[l][((b * c.h + hd) * 6 + i) * 6 + j], 0);
        for (let i = 0; i < 5; i++) for (const j of [4, 5]) assert.equal(got.crossAttention[l][((b * c.h + hd) * 5 + i) * 6 + j], 0);
        // Query 4 (itself padding) may see keys 0..4 causally; padded keys 3 and 4 still get 0.
        for (const j of [3, 4]) assert.equal(got.decoderSelfAttention[l][((b * c.h + hd) * 5 + 4) * 5 + j], 0);
        assert.ok(got.decoderSelfAttention[l][((b * c.h + hd) * 5 + 4) * 5 + 2] > 0);
      }
    }
  });

  it('padding does not change the results of the real tokens', async () => {
    const c = tinyConfig();
    const model = buildModel(c, randomParameters(c, 9));
    const alone = await forwardToArrays(model, { src: [[3, 8, 6, 11]], tgt: [[1, 3, 12]] });
    const padded = await forwardToArrays(model, PADDED);
    model.dispose();
    const V = c.vocabSize;
    assertClose(padded.probabilities.subarray(5 * V, 8 * V), alone.probabilities, 1e-5, 'probabilities of the real target tokens');
    // Cross-attention of the padded sequence, restricted to real queries and keys, is the unpadded one.
    for (let hd = 0; hd < c.h; hd++) {
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 4; j++) {
          const a = padded.crossAttention[1][((c.h + hd) * 5 + i) * 6 + j];
          const e = alone.crossAttention[1][(hd * 3 + i) * 4 + j];
          assert.ok(Math.abs(a - e) < 1e-5, `cross (${hd}, ${i}, ${j}) ${a} vs ${e}`);
        }
      }
    }
  });

  it('causality: changing a later target token leaves earlier positions unchanged', async () => {
    const c = tinyConfig();
    const model = buildModel(c, randomParameters(c, 4));
    const a = await forwardToArrays(model, { src: [[1, 2, 3]], tgt: [[4, 5, 6, 7]] });
    const b = await forwardToArrays(model, { src: [[1, 2, 3]], tgt: [[4, 5, 6, 12]] });
    model.dispose();
    const V = c.vocabSize;
    assert.deepEqual(a.probabilities.subarray(0, 3 * V), b.probabilities.subarray(0, 3 * V));
    assert.ok(relativeDifference(a.probabilities.subarray(3 * V), b.probabilities.subarray(3 * V)) > 1e-4);
  });

  it('positionalEncoding: false removes all order information (and matches the reference)', async () => {
    const c = tinyConfig();
    const src = [[1, 5, 7, 2]];
    const shuffled = [[7, 2, 1, 5]];
    const tgt = [[3, 4, 9]];
    const params = randomParameters(c, 2);
    const model = buildModel(c, params);
    const off = await forwardToArrays(model, { src, tgt }, { positionalEncoding: false });
    const offShuffled = await forwardToArrays(model, { src: shuffled, tgt }, { positionalEncoding: false });
    const on = await forwardToArrays(model, { src, tgt });
    const onShuffled = await forwardToArrays(model, { src: shuffled, tgt });
    model.dispose();
    // Without positions the encoder is permutation-equivariant and cross-attention sums over keys.
    assertClose(offShuffled.probabilities, off.probabilities, 1e-5, 'order of source tokens is invisible');
    assert.ok(relativeDifference(onShuffled.probabilities, on.probabilities) > 1e-4, 'with positions, order matters');
    assert.ok(off.positionalEncoding.every((v) => v === 0), 'no rows were added');
    assertClose(off.probabilities, referenceForward(c, params, { src, tgt }, { positionalEncoding: false }).probabilities, 1e-5, 'reference without PE');
  });

  it('the batched and per-head attention layouts agree', async () => {
    const c = tinyConfig({ h: 4, dK: 2, dV: 2 });
    const params = randomParameters(c, 8);
    const batched = buildModel(c, params, { attention: 'batched' });
    const perHead = buildModel(c, params, { attention: 'per-head' });
    const a = await forwardToArrays(batched, PADDED);
    const b = await forwardToArrays(perHead, PADDED);
    batched.dispose();
    perHead.dispose();
    assertClose(b.probabilities, a.probabilities, 1e-6, 'probabilities');
    assertClose(b.decoderSelfAttention[1], a.decoderSelfAttention[1], 1e-6, 'decoder attention');
  });

  it('an output layer split into vocabulary blocks gives the same probabilities', async () => {
    const c = tinyConfig();
    const params = randomParameters(c, 6);
    const ref = referenceForward(c, params, PADDED).probabilities;
    for (const generatorBlock of [5, 1]) {
      const model = buildModel(c, params, { generatorBlock });
      const got = await forwardToArrays(model, PADDED);
      model.dispose();
      assertClose(got.probabilities, ref, 1e-5, `blocks of ${generatorBlock}`);
      assertRowsSumToOne(got.probabilities, c.vocabSize, 1e-5, `blocks of ${generatorBlock}`);
    }
  });

  it('releases every intermediate: numTensors returns to its start after output.dispose() and model.dispose()', async () => {
    const c = tinyConfig();
    for (const attention of ['batched', 'per-head'] as const) {
      const start = tf.memory().numTensors;
      const model = buildModel(c, randomParameters(c, 1), { attention });
      const withModel = tf.memory().numTensors;
      assert.ok(withModel > start);
      const out = forward(model, PADDED);
      assert.equal(tf.memory().numTensors, withModel + 3 * c.N + 2, 'only the outputs remain');
      out.dispose();
      assert.equal(tf.memory().numTensors, withModel);
      await forwardToArrays(model, PADDED);
      assert.equal(tf.memory().numTensors, withModel);
      assert.throws(() => forward(model, { src: [[1]], tgt: [[99]] }), ConfigError);
      assert.equal(tf.memory().numTensors, withModel, 'a rejected input leaks nothing');
      model.dispose();
      assert.equal(tf.memory().numTensors, start, `${attention}: model.dispose() frees every weight`);
      assert.throws(() => forward(model, PADDED), /disposed/);
    }
  });

  it('forwardSteps yields after each encoder then decoder layer, ends with forward()\'s output, and frees everything when stopped early', async () => {
    for (const finalNorm of [false, true]) {
      const c = tinyConfig({ N: 3, finalNorm, norm: finalNorm ? 'pre' : 'post' });
      const model = buildModel(c, randomParameters(c, 4));
      const withModel = tf.memory().numTensors;
      const steps = forwardSteps(model, PADDED);
      const seen: string[] = [];
      let step = steps.next();
      for (; !step.done; step = steps.next()) {
        seen.push(`${step.value.stack} ${step.value.layer}/${step.value.of}`);
        assert.deepEqual(step.value.weights.shape, [2, c.h, step.value.stack === 'encoder' ? 6 : 5, 6], 'the layer\'s own weights (self for the encoder, cross for the decoder)');
      }
      assert.deepEqual(seen, ['encoder 1/3', 'encoder 2/3', 'encoder 3/3', 'decoder 1/3', 'decoder 2/3', 'decoder 3/3']);
      const whole = forward(model, PADDED);
      assertClose(await step.value.probabilities.data() as Float32Array, await whole.probabilities.data() as Float32Array, 1e-12, 'same probabilities');
      assertClose(await step.value.crossAttention[2].data() as Float32Array, await whole.crossAttention[2].data() as Float32Array, 1e-12, 'same attention');
      step.value.dispose();
      whole.dispose();
      assert.equal(tf.memory().numTensors, withModel, 'only the model remains');
      for (let stopAfter = 1; stopAfter <= 2 * c.N; stopAfter++) {
        const partial = forwardSteps(model, PADDED);
        for (let i = 0; i < stopAfter; i++) assert.equal(partial.next().done, false);
        partial.return(undefined as never);
        assert.equal(tf.memory().numTensors, withModel, `stopped after ${stopAfter} layers (final norm ${finalNorm}): nothing leaks`);
      }
      model.dispose();
    }
  });

  it('attentionSteps: the same attention and positional encoding as forward(), without the output layer', async () => {
    const c = tinyConfig({ N: 2 });
    const model = buildModel(c, randomParameters(c, 5));
    const withModel = tf.memory().numTensors;
    const attention = finish(attentionSteps(model, PADDED));
    assert.ok(!('probabilities' in attention), 'no next-token probabilities');
    assert.equal(tf.memory().numTensors, withModel + 3 * c.N + 1, 'only the attention maps and the positional encoding remain');
    const whole = forward(model, PADDED);
    for (const kind of ['encoderSelfAttention', 'decoderSelfAttention', 'crossAttention'] as const) {
      for (let l = 0; l < c.N; l++) assertClose(await attention[kind][l].data() as Float32Array, await whole[kind][l].data() as Float32Array, 1e-12, `${kind} ${l}`);
    }
    assertClose(await attention.positionalEncoding.data() as Float32Array, await whole.positionalEncoding.data() as Float32Array, 1e-12, 'positional encoding');
    attention.dispose();
    whole.dispose();
    assert.equal(tf.memory().numTensors, withModel);
    model.dispose();
  });

  it('a model built inside tf.tidy keeps its weights', async () => {
    const c = tinyConfig();
    let model: TransformerModel | undefined;
    tf.tidy(() => { model = buildModel(c, randomParameters(c, 1)); });
    assert.ok(model);
    const out = await forwardToArrays(model, PADDED);
    assertFinite(out.probabilities, 'probabilities');
    model.dispose();
  });

  it('rejects inputs it cannot run, naming the problem', () => {
    const c = tinyConfig();
    const model = buildModel(c, randomParameters(c, 1));
    const bad = (input: unknown, re: RegExp): void => assert.throws(() => forward(model, input as ForwardInput), (e: unknown) => e instanceof ConfigError && re.test(e.message));
    bad({ src: [[1, 2], [3]], tgt: [[1], [2]] }, /src\[1\] has 1 tokens but src\[0\] has 2/);
    bad({ src: [[1, 2]], tgt: [[1], [2]] }, /batch sizes must match/);
    bad({ src: [[1, 13]], tgt: [[1]] }, /src\[0\]\[1\] = 13 is not a token id in \[0, 13\)/);
    bad({ src: [[1, 2.5]], tgt: [[1]] }, /not a token id/);
    bad({ src: [new Array(17).fill(1)], tgt: [[1]] }, /nSrc \(17\) exceeds maxLength \(16\)/);
    bad({ src: [[1, 2]], tgt: [[1]], srcPadding: [[T, T]] }, /at least one real token/);
    bad({ src: [[1, 2]], tgt: [[1, 2]], tgtPadding: [[T, F]] }, /first target position must be a real token/);
    bad({ src: [[1, 2]], tgt: [[1]], srcPadding: [[F]] }, /srcPadding must be \[batch\]\[2\] booleans/);
    bad({ src: [], tgt: [] }, /non-empty/);
    model.dispose();
  });

  it('buildModel validates the configuration and the weights', () => {
    const c = tinyConfig();
    assert.throws(() => buildModel({ ...c, h: 3 }, randomParameters(c, 1)), /dModel \(8\) must be divisible by h \(3\)/);
    const params = randomParameters(c, 1);
    params.delete('transformer.decoder.layers.1.linear2.bias');
    assert.throws(() => buildModel(c, params), /Missing parameter "transformer.decoder.layers.1.linear2.bias"/);
  });

  it('the base configuration runs and gives finite, normalised probabilities', async () => {
    // Not the paper's 37000-token vocabulary, to keep this test quick; the layer sizes are the base model's.
    const c = { ...tinyConfig(), N: 1, dModel: 512, dFF: 2048, h: 8, dK: 64, dV: 64, vocabSize: 300, maxLength: 64 };
    const model = buildModel(c, randomParameters(c, 1));
    const out = await forwardToArrays(model, { src: tokens(1, 12, 300, 1), tgt: tokens(1, 9, 300, 2) });
    model.dispose();
    assertFinite(out.probabilities, 'probabilities');
    assertRowsSumToOne(out.probabilities, 300, 1e-4, 'probabilities');
  });
});
