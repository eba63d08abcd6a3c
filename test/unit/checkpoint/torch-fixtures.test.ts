/** The committed torch fixtures load with the checkpoint loader and are self-consistent. */
import * as assert from 'assert';
import { loadCheckpoint } from '../../../src/model/checkpoint/checkpoint';
import { readSafetensors, writeSafetensors } from '../../../src/model/checkpoint/safetensors';
import { parameterSpecs } from '../../../src/model/parameters';
import { torchFixtures } from './helpers';

const fixtures = torchFixtures();

describe('checkpoint/torch fixtures', () => {
  it('exist: the generator writes four configurations', () => {
    assert.deepStrictEqual(fixtures.map((f) => f.name), ['post-n1-h1', 'post-n2-h2-padded', 'pre-n1-h2-nofinal', 'pre-n2-h4-padded']);
    const total = fixtures.reduce((s, f) => s + f.bytes.length, 0);
    assert.ok(total < 300_000, `fixtures stay small (${total} bytes of weights)`);
  });

  for (const { name, bytes, expected } of fixtures) {
    describe(name, () => {
      it('loads with the config of its expected.json, every parameter in the stored dtype', () => {
        const loaded = loadCheckpoint(bytes);
        assert.deepStrictEqual(loaded.config, expected.config);
        assert.deepStrictEqual(loaded.warnings, []);
        assert.deepStrictEqual([...loaded.params.keys()], parameterSpecs(loaded.config).map((s) => s.name));
        const raw = readSafetensors(bytes);
        for (const t of raw.tensors.values()) assert.strictEqual(t.dtype, expected.dtype);
        for (const [n, t] of loaded.params) assert.ok(t.data.every(Number.isFinite), `${n} is finite`);
        if (expected.config.sharedEmbeddings) assert.ok(!loaded.params.has('tgt_embed.weight') && !loaded.params.has('generator.weight'));
      });

      it('loads as a plain PyTorch export (no metadata) given the config, to the same parameters', () => {
        const raw = readSafetensors(bytes);
        const plain = writeSafetensors([...raw.tensors]);
        assert.throws(() => loadCheckpoint(plain), /no "config" metadata/);
        const loaded = loadCheckpoint(plain, { config: expected.config });
        const reference = loadCheckpoint(bytes).params;
        assert.deepStrictEqual([...loaded.params.keys()], [...reference.keys()]);
        for (const [n, t] of reference) assert.deepStrictEqual(loaded.params.get(n)!.data, t.data, n);
      });

      it('holds the paper\'s positional encoding and attention rows that are distributions', () => {
        const { config, outputs, inputs } = expected;
        const pe = outputs.positionalEncoding;
        assert.deepStrictEqual(pe.shape, [config.maxLength, config.dModel]);
        for (let pos = 0; pos < config.maxLength; pos++) {
          for (let j = 0; j < config.dModel; j++) {
            const angle = pos / 10000 ** ((j - (j % 2)) / config.dModel);
            const want = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
            assert.ok(Math.abs(pe.data[pos * config.dModel + j] - want) < 1e-6, `PE(${pos}, ${j})`);
          }
        }
        const B = inputs.src.length;
        const [nSrc, nTgt] = [inputs.src[0].length, inputs.tgt[0].length];
        const kinds = [
          [outputs.encoderSelfAttention, nSrc, nSrc, inputs.srcPadding],
          [outputs.decoderSelfAttention, nTgt, nTgt, inputs.tgtPadding],
          [outputs.crossAttention, nTgt, nSrc, inputs.srcPadding],
        ] as const;
        for (const [layers, nq, nk, keyPadding] of kinds) {
          assert.strictEqual(layers.length, config.N);
          for (const a of layers) {
            assert.deepStrictEqual(a.shape, [B, config.h, nq, nk]);
            for (let r = 0; r < B * config.h * nq; r++) {
              const row = a.data.slice(r * nk, (r + 1) * nk);
              assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-5, 'a row sums to 1');
              const b = Math.floor(r / (config.h * nq));
              row.forEach((w, k) => keyPadding[b][k] && assert.strictEqual(w, 0, 'padded keys get no weight'));
            }
          }
        }
        assert.deepStrictEqual(outputs.probabilities.shape, [B, nTgt, config.vocabSize]);
      });
    });
  }
});
