import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { SHIPPED } from '../../../src/model/config';
import { initParameters } from '../../../src/model/init';
import { buildModel, forwardToArrays, type ForwardArrays, type ForwardInput } from '../../../src/model/transformer';
import { useBackend } from './helpers/backends';
import { assertClose, assertFinite } from './helpers/compare';
import { tokens } from './helpers/params';

/** The shipped model's sizes with random weights; a padded batch of two. */
const C = SHIPPED;
const nS = 24;
const nT = 17;
const INPUT: ForwardInput = {
  src: tokens(2, nS, C.vocabSize, 1),
  tgt: tokens(2, nT, C.vocabSize, 2),
  srcPadding: [new Array(nS).fill(false), Array.from({ length: nS }, (_, j) => j >= 19)],
  tgtPadding: [new Array(nT).fill(false), Array.from({ length: nT }, (_, j) => j >= 12)],
};

describe('model/backends: cpu and wasm (Node) agree', () => {
  const params = initParameters(C, 42);
  const results = new Map<string, ForwardArrays>();

  after(async () => useBackend('cpu'));

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`runs on ${backend} without leaking tensors`, async () => {
      await useBackend(backend);
      const start = tf.memory().numTensors;
      const model = buildModel(C, params);
      results.set(backend, await forwardToArrays(model, INPUT));
      model.dispose();
      assert.equal(tf.memory().numTensors, start);
      assertFinite(results.get(backend)!.probabilities, `${backend} probabilities`);
    });
  }

  it('every output differs by less than 1e-5 (relative, max norm) between cpu and wasm', () => {
    const cpu = results.get('cpu');
    const wasm = results.get('wasm');
    assert.ok(cpu && wasm, 'both backends ran');
    for (let l = 0; l < C.N; l++) {
      assertClose(wasm.encoderSelfAttention[l], cpu.encoderSelfAttention[l], 1e-5, `encoder layer ${l}`);
      assertClose(wasm.decoderSelfAttention[l], cpu.decoderSelfAttention[l], 1e-5, `decoder layer ${l}`);
      assertClose(wasm.crossAttention[l], cpu.crossAttention[l], 1e-5, `cross layer ${l}`);
    }
    assertClose(wasm.probabilities, cpu.probabilities, 1e-5, 'probabilities');
    assert.deepEqual(wasm.positionalEncoding, cpu.positionalEncoding);
  });

  it('wasm keeps masked entries exactly 0', () => {
    const wasm = results.get('wasm');
    assert.ok(wasm);
    for (const w of wasm.decoderSelfAttention) {
      for (let bh = 0; bh < 2 * C.h; bh++) {
        for (let i = 0; i < nT; i++) for (let j = i + 1; j < nT; j++) assert.equal(w[(bh * nT + i) * nT + j], 0);
      }
    }
    for (const w of wasm.crossAttention) {
      for (let hd = 0; hd < C.h; hd++) {
        for (let i = 0; i < nT; i++) for (let j = 19; j < nS; j++) assert.equal(w[((C.h + hd) * nT + i) * nS + j], 0);
      }
    }
  });
});
