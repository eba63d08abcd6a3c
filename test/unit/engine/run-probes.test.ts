/**
 * Issue 16, the engine's on-demand passes: predictions equal forward()'s probabilities (and a float64
 * reference), masking replaces source ids by <mask> only in the encoder input, the store's value
 * norms and the explained maps (value-weighted, rollout) follow the formulas.
 */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel, forward } from '../../../src/model/transformer';
import { MASK_ID } from '../../../src/model/tokenizer/special-tokens';
import { ModelSession } from '../../../webview/engine/model-session';
import { teacherForcedInputs } from '../../../webview/engine/run-inputs';
import { ExplainedAttention } from '../../../webview/app/explained-attention';
import { backendProduct } from '../../../webview/engine/attention-rollout';
import { attentionRollout, matrixProduct } from '../../../src/model/rollout';
import type { WireToken } from '../../../src/shared/protocol';
import { randomParameters, tinyConfig } from '../model/helpers/params';
import { referenceForward } from '../model/helpers/reference';
import { useBackend } from '../model/helpers/backends';

const tokens = (ids: number[]): WireToken[] => ids.map((id, i) => ({ id, text: `t${i}`, start: i, end: i + 1 }));

describe('webview/engine/run-probes and explained maps (cpu)', () => {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('predictions: the top 5 of forward()\'s probabilities per decoder position, the real next token and the accuracy', async () => {
    const c = tinyConfig({ N: 2, vocabSize: 13 });
    const params = randomParameters(c, 4);
    const model = buildModel(c, params);
    const ids = [5, 7, 9, 11, 6, 8];
    const { store, probes } = await new ModelSession().run(model, tokens(ids));
    const got = await probes.predictions(5);
    const { src, tgt } = teacherForcedInputs(tokens(ids));
    const whole = forward(model, { src: [src], tgt: [tgt] });
    const p = (await whole.probabilities.data()) as Float32Array;
    const ref = referenceForward(c, params, { src: [src], tgt: [tgt] }).probabilities;
    let hits = 0;
    for (let i = 0; i < ids.length; i++) {
      const row = Array.from(p.subarray(i * c.vocabSize, (i + 1) * c.vocabSize));
      const order = row.map((v, id) => [v, id]).sort((a, b) => b[0] - a[0]).slice(0, 5);
      assert.deepEqual(got.top[i].ids, order.map(([, id]) => id), `position ${i}: the five most likely ids, best first`);
      got.top[i].probabilities.forEach((v, r) => assert.ok(Math.abs(v - ref[i * c.vocabSize + order[r][1]]) < 1e-5, `position ${i} rank ${r}`));
      assert.equal(got.real[i].id, ids[i], 'the real next token of decoder position i is source token i');
      assert.ok(Math.abs(got.real[i].probability - ref[i * c.vocabSize + ids[i]]) < 1e-5);
      if (order[0][1] === ids[i]) hits++;
    }
    assert.equal(got.accuracy, hits / ids.length);
    whole.dispose();
    store.dispose();
    model.dispose();
  });

  it('masking: the encoder reads <mask> at the masked positions, the decoder the real tokens; predictions still name the real tokens', async () => {
    const ids = [5, 7, 9, 11];
    const { src, tgt } = teacherForcedInputs(tokens(ids), [1, 3]);
    assert.deepEqual(src, [5, MASK_ID, 9, MASK_ID]);
    assert.deepEqual(tgt, [1, 5, 7, 9]);
    const c = tinyConfig({ N: 2 });
    const model = buildModel(c, randomParameters(c, 4));
    const plain = await new ModelSession().run(model, tokens(ids));
    const masked = await new ModelSession().run(model, tokens(ids), {}, {}, [1]);
    const [a, b] = [await plain.probes.predictions(), await masked.probes.predictions()];
    assert.deepEqual(b.real.map((r) => r.id), ids);
    assert.notDeepEqual(a.top.map((t) => t.probabilities), b.top.map((t) => t.probabilities), 'the prediction changes');
    plain.store.dispose();
    masked.store.dispose();
    model.dispose();
  });

  it('the store holds value norms; weighted maps are α_ij · ‖f(x_j)‖ and rollout rows sum to 1 for all three kinds', async () => {
    const c = tinyConfig({ N: 2 });
    const model = buildModel(c, randomParameters(c, 6));
    const ids = [5, 7, 9, 11, 3];
    const { store } = await new ModelSession().run(model, tokens(ids));
    assert.ok(store.hasValueNorms);
    const explained = new ExplainedAttention(store);
    const n = ids.length;
    for (const kind of ['encoderSelf', 'decoderSelf', 'cross'] as const) {
      const norms = await store.valueNorms(kind, 1);
      assert.equal(norms.length, c.h * n);
      const raw = await store.matrix(kind, 1, 1);
      const weighted = await explained.matrix(kind, 1, 1, 'weighted');
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(weighted[i * n + j] - raw[i * n + j] * norms[n + j]) < 1e-6);
      const mean = await explained.matrix(kind, 1, 'mean', 'weighted');
      const h0 = await explained.matrix(kind, 1, 0, 'weighted');
      for (let k = 0; k < n * n; k++) assert.ok(Math.abs(mean[k] - (h0[k] + weighted[k]) / 2) < 1e-6);
      const rollout = await explained.matrix(kind, 'rollout', 'mean', 'raw');
      for (let i = 0; i < n; i++) {
        const s = rollout.subarray(i * n, (i + 1) * n).reduce((x, y) => x + y, 0);
        assert.ok(Math.abs(s - 1) < 1e-5, `${kind} rollout row ${i} sums to ${s}`);
      }
    }
    store.dispose();
    model.dispose();
  });

  it('query and key vectors come cropped to the real tokens, from a pass with the run\'s own input', async () => {
    const c = tinyConfig({ N: 2 });
    const model = buildModel(c, randomParameters(c, 6));
    const { store, probes } = await new ModelSession().run(model, tokens([5, 7, 9]));
    const qk = await probes.queryKeys('cross', 1);
    assert.deepEqual([qk.h, qk.nq, qk.nk, qk.dK, qk.q.length, qk.k.length], [c.h, 3, 3, c.dK, c.h * 3 * c.dK, c.h * 3 * c.dK]);
    const before = tf.memory().numTensors;
    await probes.queryKeys('encoderSelf', 0);
    await probes.predictions();
    assert.equal(tf.memory().numTensors, before, 'the extra passes free what they made');
    store.dispose();
    model.dispose();
  });

  it('the rollout on the tfjs backend (wasm) equals the float64 one (float32 rounding)', async () => {
    await useBackend('wasm');
    const n = 7;
    let x = 3;
    const rows = () => {
      const m = Array.from({ length: n * n }, () => ((x = (x * 48271) % 2147483647) / 2147483647) + 0.01);
      for (let i = 0; i < n; i++) {
        const s = m.slice(i * n, (i + 1) * n).reduce((a, b) => a + b, 0);
        for (let j = 0; j < n; j++) m[i * n + j] /= s;
      }
      return m;
    };
    const layers = [rows(), rows(), rows()];
    const exact = attentionRollout(layers, n, matrixProduct);
    const fast = attentionRollout(layers, n, backendProduct);
    for (let k = 0; k < n * n; k++) assert.ok(Math.abs(exact[k] - fast[k]) < 1e-6);
    await useBackend('cpu');
  });
});
