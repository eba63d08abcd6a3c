/**
 * Issue 16: the quantities behind the weights, each against a float64 reference written here from
 * the formulas (torch weight layout: in_proj rows Q, K, V; out_proj.weight is [out, in]).
 */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { TransformerConfig } from '../../../src/model/config';
import type { Parameters } from '../../../src/model/parameters';
import { attentionSteps, buildModel, forward, type ForwardInput, type PerKind } from '../../../src/model/transformer';
import { queryKeySteps } from '../../../src/model/query-key-steps';
import { attentionRollout, crossAttentionRollout, withResidual } from '../../../src/model/rollout';
import { meanValueWeighted, valueWeighted } from '../../../src/model/value-weighted';
import { onBackend, type NodeBackend } from './helpers/backends';
import { assertClose, assertRowsSumToOne } from './helpers/compare';
import { randomParameters, tinyConfig, tokens } from './helpers/params';
import { referenceForward, type Mat } from './helpers/reference';

type Kind = 'encoderSelf' | 'decoderSelf' | 'cross';
const KINDS: Kind[] = ['encoderSelf', 'decoderSelf', 'cross'];
const F = false;
const T = true;
const PADDED: ForwardInput = {
  src: [[1, 5, 7, 2, 9, 4], [3, 8, 6, 11, 0, 0]],
  tgt: [[2, 4, 6, 8, 10], [1, 3, 12, 0, 0]],
  srcPadding: [[F, F, F, F, F, F], [F, F, F, F, T, T]],
  tgtPadding: [[F, F, F, F, F], [F, F, F, T, T]],
};
const prefix = (kind: Kind, l: number): string =>
  kind === 'encoderSelf' ? `transformer.encoder.layers.${l}.self_attn`
  : kind === 'decoderSelf' ? `transformer.decoder.layers.${l}.self_attn` : `transformer.decoder.layers.${l}.multihead_attn`;

/** Float64 per-head projections of rows of x: rows `from..from+dK·h` of in_proj (Q 0, K 1, V 2). */
function project(c: TransformerConfig, params: Parameters, pre: string, part: 0 | 1 | 2, x: Mat): Float64Array[][] {
  const W = params.get(`${pre}.in_proj_weight`)!.data;
  const b = params.get(`${pre}.in_proj_bias`)!.data;
  const d = c.dModel;
  const width = part === 2 ? c.dV : c.dK;
  return Array.from({ length: c.h }, (_, hd) => Array.from({ length: x.rows }, (_, i) => {
    const out = new Float64Array(width);
    for (let t = 0; t < width; t++) {
      const o = part * d + hd * width + t;
      let s = b[o];
      for (let k = 0; k < d; k++) s += x.data[i * d + k] * W[o * d + k];
      out[t] = s;
    }
    return out;
  }));
}

/** ‖(x W^V_h + b^V_h) W^O_h‖ per head and key, float64. */
function referenceNorms(c: TransformerConfig, params: Parameters, pre: string, mem: Mat): Float64Array[] {
  const v = project(c, params, pre, 2, mem);
  const WO = params.get(`${pre}.out_proj.weight`)!.data; // [dModel, h dV]
  const inner = c.h * c.dV;
  return v.map((vh, hd) => Float64Array.from({ length: mem.rows }, (_, j) => {
    let sq = 0;
    for (let o = 0; o < c.dModel; o++) {
      let s = 0;
      for (let t = 0; t < c.dV; t++) s += vh[j][t] * WO[o * inner + hd * c.dV + t];
      sq += s * s;
    }
    return Math.sqrt(sq);
  }));
}

interface Seen { x: Mat; mem: Mat }
function referenceInputs(c: TransformerConfig, params: Parameters, input: ForwardInput): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  referenceForward(c, params, input, { observe: (kind, l, b, x, mem) => seen.set(`${kind}/${l}/${b}`, { x, mem }) });
  return seen;
}

async function download(perKind: PerKind<tf.Tensor3D>): Promise<Record<Kind, Float32Array[]>> {
  const all = async (ts: tf.Tensor3D[]) => Promise.all(ts.map((t) => t.data() as Promise<Float32Array>));
  return { encoderSelf: await all(perKind.encoderSelf), decoderSelf: await all(perKind.decoderSelf), cross: await all(perKind.cross) };
}

function suite(backend: NodeBackend, layout: 'batched' | 'per-head'): void {
  describe(`model/explain: value norms and q·k vectors (${backend}, ${layout})`, () => {
    onBackend(backend);

    for (const norm of ['post', 'pre'] as const) {
      it(`${norm}-LN: ‖f_h(x_j)‖ of every layer, kind, head and key equals the float64 reference`, async () => {
        const c = tinyConfig({ norm, N: 2, h: 2, dK: 4, dV: 4, dModel: 8 });
        const params = randomParameters(c, 11);
        const model = buildModel(c, params, { attention: layout });
        const out = forward(model, PADDED, { valueNorms: true });
        try {
          assert.ok(out.valueNorms, 'valueNorms returned');
          const got = await download(out.valueNorms);
          const seen = referenceInputs(c, params, PADDED);
          for (const kind of KINDS) {
            for (let l = 0; l < c.N; l++) {
              const nk = kind === 'decoderSelf' ? PADDED.tgt[0].length : PADDED.src[0].length;
              assert.deepEqual(out.valueNorms[kind][l].shape, [2, c.h, nk]);
              const expected = new Float64Array(2 * c.h * nk);
              for (let b = 0; b < 2; b++) {
                referenceNorms(c, params, prefix(kind, l), seen.get(`${kind}/${l}/${b}`)!.mem)
                  .forEach((row, hd) => expected.set(row, (b * c.h + hd) * nk));
              }
              assertClose(got[kind][l], expected, 1e-5, `${kind} layer ${l}`);
            }
          }
        } finally {
          out.dispose();
          model.dispose();
        }
      });
    }

    it('q_i and k_j of every head equal the reference, and q_i·k_j/√dK then the mask and softmax give the weights exactly', async () => {
      const c = tinyConfig({ N: 2, h: 2, dK: 4, dV: 4, dModel: 8 });
      const params = randomParameters(c, 5);
      const model = buildModel(c, params, { attention: layout });
      const seen = referenceInputs(c, params, PADDED);
      try {
        for (const kind of KINDS) {
          for (let l = 0; l < c.N; l++) {
            const out = forward(model, PADDED, { queryKeys: { kind, layer: l } });
            try {
              assert.ok(out.queryKeys, 'queryKeys returned');
              const q = (await out.queryKeys.q.data()) as Float32Array;
              const k = (await out.queryKeys.k.data()) as Float32Array;
              const weights = (await (kind === 'encoderSelf' ? out.encoderSelfAttention : kind === 'decoderSelf' ? out.decoderSelfAttention : out.crossAttention)[l].data()) as Float32Array;
              const [, nq, dK] = out.queryKeys.q.shape;
              const nk = out.queryKeys.k.shape[1];
              const { x, mem } = seen.get(`${kind}/${l}/0`)!;
              const refQ = project(c, params, prefix(kind, l), 0, x);
              const refK = project(c, params, prefix(kind, l), 1, mem);
              for (let hd = 0; hd < c.h; hd++) {
                assertClose(q.subarray(hd * nq * dK, (hd + 1) * nq * dK), refQ[hd].flatMap((r) => Array.from(r)), 1e-5, `${kind} ${l} q head ${hd}`);
                assertClose(k.subarray(hd * nk * dK, (hd + 1) * nk * dK), refK[hd].flatMap((r) => Array.from(r)), 1e-5, `${kind} ${l} k head ${hd}`);
                for (let i = 0; i < nq; i++) {
                  const steps = queryKeySteps(q.subarray((hd * nq + i) * dK, (hd * nq + i + 1) * dK), k.subarray(hd * nk * dK, (hd + 1) * nk * dK), dK, nk,
                    (j) => kind === 'decoderSelf' && j > i);
                  // The scores are the logits of the weights: q·k/√dK from the float64 vectors.
                  const logits = refK[hd].map((kj) => kj.reduce((s, v, t) => s + v * refQ[hd][i][t], 0) / Math.sqrt(dK));
                  assertClose(steps.scores, logits, 1e-5, `${kind} ${l} head ${hd} row ${i} scores`);
                  const row = weights.subarray((hd * nq + i) * nk, (hd * nq + i + 1) * nk);
                  for (let j = 0; j < nk; j++) assert.ok(Math.abs(steps.weights[j] - row[j]) < 1e-6, `${kind} ${l} head ${hd} row ${i} key ${j}: ${steps.weights[j]} vs ${row[j]}`);
                  // Products sum to the dot product.
                  for (let j = 0; j < nk; j++) {
                    let s = 0;
                    for (let t = 0; t < dK; t++) s += steps.products[j * dK + t];
                    assert.ok(Math.abs(s - steps.dots[j]) < 1e-9);
                  }
                }
              }
            } finally {
              out.dispose();
            }
          }
        }
      } finally {
        model.dispose();
      }
    });
  });
}

suite('cpu', 'batched');
suite('cpu', 'per-head');
suite('wasm', 'per-head');

describe('model/explain: the opt-in pass', () => {
  onBackend('cpu');
  const c = tinyConfig();

  it('without the options the pass returns no extras, and the attention is the same with them', async () => {
    const model = buildModel(c, randomParameters(c, 3));
    const input = { src: tokens(1, 7, c.vocabSize, 1), tgt: tokens(1, 7, c.vocabSize, 2) };
    const plain = forward(model, input);
    const extra = forward(model, input, { valueNorms: true, queryKeys: { kind: 'cross', layer: 1 } });
    try {
      assert.equal(plain.valueNorms, undefined);
      assert.equal(plain.queryKeys, undefined);
      for (let l = 0; l < c.N; l++) assert.deepEqual(await extra.crossAttention[l].data(), await plain.crossAttention[l].data());
    } finally {
      plain.dispose();
      extra.dispose();
      model.dispose();
    }
  });

  it('frees everything: after dispose(), and when a pass with the options is stopped early', () => {
    const model = buildModel(c, randomParameters(c, 3));
    const input = { src: tokens(1, 5, c.vocabSize, 1), tgt: tokens(1, 5, c.vocabSize, 2) };
    const before = tf.memory().numTensors;
    forward(model, input, { valueNorms: true, queryKeys: { kind: 'encoderSelf', layer: 0 } }).dispose();
    assert.equal(tf.memory().numTensors, before);
    const steps = attentionSteps(model, input, { valueNorms: true, queryKeys: { kind: 'encoderSelf', layer: 0 } });
    steps.next();
    steps.next();
    steps.return(undefined as never);
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });

  it('a head whose W^O block is zero has zero value norms, so its value-weighted maps are all zero', async () => {
    const params = randomParameters(c, 9);
    const WO = params.get('transformer.encoder.layers.0.self_attn.out_proj.weight')!;
    const inner = c.h * c.dV;
    for (let o = 0; o < c.dModel; o++) for (let t = 0; t < c.dV; t++) WO.data[o * inner + 1 * c.dV + t] = 0;
    const model = buildModel(c, params);
    const out = forward(model, { src: tokens(1, 6, c.vocabSize, 4), tgt: tokens(1, 6, c.vocabSize, 5) }, { valueNorms: true });
    try {
      const norms = (await out.valueNorms!.encoderSelf[0].data()) as Float32Array;
      const weights = (await out.encoderSelfAttention[0].data()) as Float32Array;
      const head1 = valueWeighted(weights.subarray(36, 72), norms.subarray(6, 12), 6, 6);
      assert.ok(head1.every((v) => v === 0));
      assert.ok(norms.subarray(0, 6).every((v) => v > 0), 'the other head still moves something');
    } finally {
      out.dispose();
      model.dispose();
    }
  });
});

describe('model/explain: value-weighted maps and rollout (plain arrays)', () => {
  it('valueWeighted and meanValueWeighted are α_ij · ‖f(x_j)‖ and its mean over heads', () => {
    const w = [0.2, 0.8, 0.5, 0.5];
    const n = [2, 0.5];
    assert.deepEqual(Array.from(valueWeighted(w, n, 2, 2)), [0.4, 0.4, 1, 0.25].map(Math.fround));
    const mean = meanValueWeighted([w, [1, 0, 0, 1]], [n, [1, 3]], 2, 2);
    assertClose(mean, [(0.4 + 1) / 2, (0.4 + 0) / 2, (1 + 0) / 2, (0.25 + 3) / 2], 1e-7, 'mean');
  });

  /** Rollout written out by hand: Ã = (A + I)/2 renormalised, then R = Ã_L (… (Ã_2 Ã_1)). */
  function referenceRollout(layers: number[][][]): number[][] {
    const tilde = (A: number[][]) => A.map((row, i) => {
      const r = row.map((v, j) => 0.5 * v + (i === j ? 0.5 : 0));
      const s = r.reduce((a, b) => a + b, 0);
      return r.map((v) => v / s);
    });
    const mul = (A: number[][], B: number[][]) => A.map((row) => B[0].map((_, j) => row.reduce((s, v, k) => s + v * B[k][j], 0)));
    return layers.map(tilde).reduce((R, At) => mul(At, R));
  }
  const randomRows = (n: number, m: number, seed: number, causal = false): number[][] => {
    let x = seed;
    const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    return Array.from({ length: n }, (_, i) => {
      const r = Array.from({ length: m }, (_, j) => (causal && j > i ? 0 : next() + 0.01));
      const s = r.reduce((a, b) => a + b, 0);
      return r.map((v) => v / s);
    });
  };

  it('self-attention rollout equals the hand-written product, rows sum to 1, causal stays causal', () => {
    for (const causal of [false, true]) {
      const layers = [1, 2, 3].map((s) => randomRows(5, 5, s * 17, causal));
      const got = attentionRollout(layers.map((A) => A.flat()), 5);
      assertClose(got, referenceRollout(layers).flat(), 1e-12, 'rollout');
      assertRowsSumToOne(got, 5, 1e-12, 'rollout rows');
      if (causal) for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) assert.equal(got[i * 5 + j], 0);
    }
  });

  it('with attention equal to I, rollout is I; one layer gives 0.5 A + 0.5 I', () => {
    const I = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    assert.deepEqual(Array.from(attentionRollout([I, I, I], 3)), I);
    const A = randomRows(3, 3, 5).flat();
    assertClose(attentionRollout([A], 3), A.map((v, k) => 0.5 * v + (k % 4 === 0 ? 0.5 : 0)), 1e-12, 'one layer');
    assertClose(withResidual(A, 3), attentionRollout([A], 3), 1e-15, 'withResidual');
  });

  it('cross rollout is mean cross attention times the encoder rollout, rows summing to 1', () => {
    const enc = [1, 2, 3].map((s) => randomRows(4, 4, s));
    const cross = randomRows(3, 4, 99);
    const R = referenceRollout(enc);
    const expected = cross.map((row) => R[0].map((_, j) => row.reduce((s, v, k) => s + v * R[k][j], 0)));
    const got = crossAttentionRollout(cross.flat(), attentionRollout(enc.map((A) => A.flat()), 4), 3, 4);
    assertClose(got, expected.flat(), 1e-12, 'cross rollout');
    assertRowsSumToOne(got, 4, 1e-12, 'cross rollout rows');
  });
});
