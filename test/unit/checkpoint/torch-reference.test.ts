/**
 * The forward pass against an independent reference: each committed fixture's weights go through
 * loadCheckpoint and buildModel/forwardToArrays (tfjs cpu backend), and every attention map, the
 * positional encoding and the probabilities must match what torch.nn.Transformer computed
 * (scripts/torch-fixtures/make_fixtures.py) to 1e-4 absolute.
 *
 * Both sides use the same padding convention (checked here, not assumed): padded keys get weight 0,
 * padded positions are still queries whose rows are distributions over the allowed keys, and their
 * probabilities are computed. So every entry is compared, padded rows included.
 */
import * as assert from 'assert';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { loadCheckpoint } from '../../../src/model/checkpoint/checkpoint';
import { buildModel, forwardToArrays, type ForwardArrays } from '../../../src/model/index';
import { torchFixtures, type FixtureArray } from './helpers';

const TOLERANCE = 1e-4;

/** Largest |got - want| and where, with `shape` naming the axes of the flat index. */
function compare(label: string, got: Float32Array, want: FixtureArray, axes: string[]): { max: number; worst: string } {
  const size = want.shape.reduce((a, b) => a * b, 1);
  assert.strictEqual(got.length, size, `${label}: ${got.length} values, torch has shape [${want.shape.join(', ')}]`);
  let max = 0;
  let at = 0;
  for (let i = 0; i < size; i++) {
    const d = Math.abs(got[i] - want.data[i]);
    if (!(d <= max)) {
      max = d;
      at = i;
    }
  }
  const index: string[] = [];
  let rest = at;
  for (let a = want.shape.length - 1; a >= 0; a--) {
    index.unshift(`${axes[a]}=${rest % want.shape[a]}`);
    rest = Math.floor(rest / want.shape[a]);
  }
  return { max, worst: `${label} at ${index.join(', ')}: got ${got[at]}, torch ${want.data[at]}` };
}

describe('checkpoint/torch reference: forward pass vs torch.nn.Transformer', () => {
  before(async () => {
    assert.ok(await tf.setBackend('cpu'), 'the tfjs cpu backend starts');
    await tf.ready();
  });

  for (const { name, bytes, expected } of torchFixtures()) {
    it(`${name}: ${expected.description}`, async () => {
      const { config, params } = loadCheckpoint(bytes);
      const model = buildModel(config, params);
      let out: ForwardArrays;
      try {
        out = await forwardToArrays(model, expected.inputs);
      } finally {
        model.dispose();
      }
      const { inputs, outputs } = expected;
      assert.deepStrictEqual([out.batch, out.nSrc, out.nTgt, out.h, out.N], [inputs.src.length, inputs.src[0].length, inputs.tgt[0].length, config.h, config.N]);
      const results: Array<{ max: number; worst: string }> = [];
      const kinds = [
        ['encoder self-attention', out.encoderSelfAttention, outputs.encoderSelfAttention],
        ['decoder self-attention', out.decoderSelfAttention, outputs.decoderSelfAttention],
        ['cross-attention', out.crossAttention, outputs.crossAttention],
      ] as const;
      for (const [kind, got, want] of kinds) {
        assert.strictEqual(got.length, want.length, `${kind}: one map per layer`);
        got.forEach((g, l) => results.push(compare(`${kind} layer ${l}`, g, want[l], ['b', 'head', 'query', 'key'])));
      }
      // Their table has max(nSrc, nTgt) rows; torch's fixture has maxLength rows.
      const rows = out.positionalEncoding.length / config.dModel;
      assert.strictEqual(rows, Math.max(out.nSrc, out.nTgt));
      const pe = outputs.positionalEncoding;
      results.push(compare('positional encoding', out.positionalEncoding, { shape: [rows, config.dModel], data: pe.data.slice(0, rows * config.dModel) }, ['pos', 'i']));
      results.push(compare('probabilities', out.probabilities, outputs.probabilities, ['b', 'position', 'token']));
      const bad = results.filter((r) => !(r.max <= TOLERANCE));
      assert.deepStrictEqual(bad.map((r) => r.worst), [], `differences above ${TOLERANCE}`);
      const worst = results.reduce((a, b) => (b.max > a.max ? b : a));
      assert.ok(worst.max <= TOLERANCE);
    });
  }
});
