import * as assert from 'assert';
import { CHECKPOINT_FORMAT, inspectCheckpoint, loadCheckpoint, saveCheckpoint } from '../../../src/model/checkpoint/checkpoint';
import { CheckpointError, SafetensorsError } from '../../../src/model/checkpoint/errors';
import { roundToHalf } from '../../../src/model/checkpoint/float16';
import { readSafetensors, writeSafetensors, type TensorToWrite } from '../../../src/model/checkpoint/safetensors';
import type { TransformerConfig } from '../../../src/model/config';
import { parameterSpecs, type Parameters } from '../../../src/model/parameters';
import { expectError, randomParams, tinyConfig, torchFixtures } from './helpers';

/** A safetensors file with the given tensors and metadata, bypassing saveCheckpoint's checks. */
function file(tensors: Map<string, TensorToWrite>, metadata: Record<string, string>): Uint8Array {
  return writeSafetensors([...tensors], { metadata });
}

const meta = (c: TransformerConfig) => ({ format: CHECKPOINT_FORMAT, config: JSON.stringify(c) });

function assertSameParams(a: Parameters, b: Parameters, convert: (x: number) => number = (x) => x): void {
  assert.deepStrictEqual([...a.keys()], [...b.keys()]);
  for (const [name, t] of a) {
    const u = b.get(name)!;
    assert.deepStrictEqual(u.shape, t.shape, name);
    assert.strictEqual(u.data.length, t.data.length, name);
    for (let i = 0; i < t.data.length; i++) {
      if (u.data[i] !== convert(t.data[i])) assert.fail(`${name}[${i}]: ${u.data[i]} != ${convert(t.data[i])}`);
    }
  }
}

describe('checkpoint save/load', () => {
  it('round-trips a config and its parameters exactly in F32', () => {
    const config = tinyConfig({ N: 2, norm: 'pre', layerNormEps: 1e-6 });
    const params = randomParams(config);
    const loaded = loadCheckpoint(saveCheckpoint(config, params));
    assert.deepStrictEqual(loaded.config, config);
    assertSameParams(params, loaded.params);
    assert.deepStrictEqual([...loaded.params.keys()], parameterSpecs(config).map((s) => s.name));
    assert.strictEqual(loaded.metadata.format, 'transformer-xray/1');
    assert.deepStrictEqual(JSON.parse(loaded.metadata.config), config);
    assert.strictEqual(loaded.metadata.tied, undefined);
    assert.deepStrictEqual(loaded.warnings, []);
  });

  it('round-trips in F16 at half the size, values rounded to nearest even', () => {
    const config = tinyConfig();
    const params = randomParams(config, 5);
    const f32 = saveCheckpoint(config, params);
    const f16 = saveCheckpoint(config, params, { dtype: 'F16' });
    const n = parameterSpecs(config).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
    assert.ok(f32.length - f16.length >= 2 * n - 64, `F16 saves 2 bytes per value (${f32.length} vs ${f16.length})`);
    assertSameParams(params, loadCheckpoint(f16).params, roundToHalf);
  });

  it('stores shared embeddings once, with "tied" metadata, and keeps extra metadata', () => {
    const config = tinyConfig({ sharedEmbeddings: true, finalNorm: false });
    const params = randomParams(config);
    const bytes = saveCheckpoint(config, params, { metadata: { trainedOn: 'nothing' } });
    const raw = readSafetensors(bytes);
    assert.ok(raw.tensors.has('src_embed.weight'));
    assert.ok(!raw.tensors.has('tgt_embed.weight') && !raw.tensors.has('generator.weight'));
    assert.ok(!raw.tensors.has('transformer.encoder.norm.weight'));
    assert.deepStrictEqual(JSON.parse(raw.metadata.tied), { 'src_embed.weight': ['tgt_embed.weight', 'generator.weight'] });
    const loaded = loadCheckpoint(bytes);
    assert.strictEqual(loaded.metadata.trainedOn, 'nothing');
    assertSameParams(params, loaded.params);
  });

  it('accepts stored copies of tied matrices when equal and keeps one; rejects differing copies', () => {
    const config = tinyConfig({ sharedEmbeddings: true });
    const params = randomParams(config);
    const src = params.get('src_embed.weight')!;
    const withCopies = new Map(params);
    withCopies.set('tgt_embed.weight', src);
    withCopies.set('generator.weight', { shape: [...src.shape], data: src.data.slice() });
    const loaded = loadCheckpoint(file(withCopies, meta(config)));
    assert.ok(!loaded.params.has('tgt_embed.weight') && !loaded.params.has('generator.weight'));
    assertSameParams(params, loaded.params);
    assertSameParams(params, loadCheckpoint(saveCheckpoint(config, withCopies)).params);

    const changed = src.data.slice();
    changed[3] += 0.5;
    withCopies.set('generator.weight', { shape: [...src.shape], data: changed });
    expectError(() => loadCheckpoint(file(withCopies, meta(config))), CheckpointError, 'tensor generator.weight differs from src_embed.weight (max |difference| 0.5', 'sharedEmbeddings is true');
    expectError(() => saveCheckpoint(config, withCopies), CheckpointError, 'tensor generator.weight differs from src_embed.weight');
    withCopies.set('generator.weight', { shape: [2, 2], data: new Float32Array(4) });
    expectError(() => loadCheckpoint(file(withCopies, meta(config))), CheckpointError, 'tensor generator.weight has shape [2, 2] but vocabSize=11, dModel=8 expect [11, 8]');
  });

  it('names the tensor, its shape and the config fields on a shape mismatch', () => {
    const small = tinyConfig({ dModel: 32, dFF: 64, h: 4, dK: 8, dV: 8 });
    const big = { ...small, dFF: 128 };
    const e = expectError(
      () => loadCheckpoint(file(randomParams(small), meta(big))),
      CheckpointError,
      'checkpoint does not match its config',
      'tensor transformer.encoder.layers.0.linear1.weight has shape [64, 32] but dFF=128, dModel=32 expect [128, 32]',
      'tensor transformer.encoder.layers.0.linear1.bias has shape [64] but dFF=128 expect [128]',
      'tensor transformer.decoder.layers.0.linear2.weight has shape [32, 64] but dModel=32, dFF=128 expect [32, 128]',
    );
    assert.ok(!e.message.includes('norm1'), 'only misshapen tensors are listed');
    const narrow = { ...small, dModel: 16, dK: 4, dV: 4 };
    expectError(() => loadCheckpoint(file(randomParams(small), meta(narrow))), CheckpointError,
      'tensor transformer.encoder.layers.0.self_attn.in_proj_weight has shape [96, 32] but h=4, dK=4, dV=4, dModel=16 expect [48, 16]',
      'tensor src_embed.weight has shape [11, 32] but vocabSize=11, dModel=16 expect [11, 16]');
    const bad = randomParams(small);
    bad.set('generator.bias', { shape: [3], data: new Float32Array(3) });
    expectError(() => saveCheckpoint(small, bad), CheckpointError, 'cannot save checkpoint', 'tensor generator.bias has shape [3] but vocabSize=11 expect [11]');
  });

  it('lists missing tensors, with a hint when names lack the "transformer." prefix', () => {
    const config = tinyConfig();
    const params = randomParams(config);
    params.delete('transformer.decoder.layers.0.norm3.bias');
    expectError(() => loadCheckpoint(file(params, meta(config))), CheckpointError, 'missing 1 tensor(s) the config expects: transformer.decoder.layers.0.norm3.bias');
    const unprefixed = new Map([...randomParams(config)].map(([k, v]) => [k.replace(/^transformer\./, ''), v]));
    expectError(() => loadCheckpoint(file(unprefixed, meta(config))), CheckpointError,
      'missing 34 tensor(s)', '(and 22 more)', 'found "encoder.layers.0.self_attn.in_proj_weight": names must start with "transformer."');
    const noTgt = randomParams(config);
    noTgt.delete('tgt_embed.weight');
    expectError(() => saveCheckpoint(config, noTgt), CheckpointError, 'tensor tgt_embed.weight is missing');
  });

  it('rejects unexpected tensors by name, or lists them as warnings with allowUnexpected', () => {
    const config = tinyConfig({ finalNorm: false });
    const params = randomParams(tinyConfig({ finalNorm: true }));
    params.set('step', { shape: [1], data: new Float32Array(1) });
    const bytes = file(params, meta(config));
    expectError(() => loadCheckpoint(bytes), CheckpointError,
      '5 tensor(s) not in a model of this config: transformer.encoder.norm.weight, transformer.encoder.norm.bias, transformer.decoder.norm.weight, transformer.decoder.norm.bias, step (config.finalNorm is false)');
    const loaded = loadCheckpoint(bytes, { allowUnexpected: true });
    assert.strictEqual(loaded.warnings.length, 1);
    assert.match(loaded.warnings[0], /^ignored 5 tensor\(s\) not in a model of this config: .*step/);
    assert.ok(!loaded.params.has('step') && !loaded.params.has('transformer.encoder.norm.weight'));
    expectError(() => saveCheckpoint(config, params), CheckpointError, 'tensor step is not a parameter of a model with this config');
  });

  it('validates every config field, naming what is missing or wrong', () => {
    const config = tinyConfig();
    const params = randomParams(config);
    const broken = { ...config, norm: 'middle', dFF: 0, h: 2.5, finalNorm: 'yes' } as Record<string, unknown>;
    delete broken.vocabSize;
    expectError(() => loadCheckpoint(file(params, { format: CHECKPOINT_FORMAT, config: JSON.stringify(broken) })), CheckpointError,
      'metadata "config" is invalid', '"dFF" must be a positive integer, not 0', '"h" must be a positive integer, not 2.5',
      '"vocabSize" is missing', '"norm" must be "post" or "pre", not "middle"', '"finalNorm" must be true or false, not "yes"');
    expectError(() => loadCheckpoint(file(params, { format: CHECKPOINT_FORMAT, config: '{"N": 1,' })), CheckpointError, 'metadata "config" is not valid JSON');
    expectError(() => loadCheckpoint(file(params, { format: CHECKPOINT_FORMAT, config: '[1]' })), CheckpointError, 'metadata "config" must be a JSON object, not an array');
    expectError(() => loadCheckpoint(file(params, { format: CHECKPOINT_FORMAT, config: JSON.stringify({ ...config, maxLength: 2 ** 30 }) })), CheckpointError,
      '"maxLength" must be a positive integer at most 1048576');
    expectError(() => loadCheckpoint(file(params, { format: CHECKPOINT_FORMAT, config: JSON.stringify({ ...config, layerNormEps: -1, pDrop: 1 }) })), CheckpointError,
      '"layerNormEps" must be a positive finite number, not -1', '"pDrop" must be a number in [0, 1), not 1');
    expectError(() => saveCheckpoint({ ...config, N: -1 }, params), CheckpointError, 'config is invalid: "N" must be a positive integer, not -1');
    expectError(() => loadCheckpoint(file(params, meta({ ...config, dK: 3 }))), CheckpointError, 'metadata "config" is invalid: dK must equal dModel / h = 4 (got 3)');
  });

  it('warns about unknown config keys and a missing format, and rejects a foreign format', () => {
    const config = tinyConfig();
    const params = randomParams(config);
    const loaded = loadCheckpoint(file(params, { config: JSON.stringify({ ...config, activation: 'gelu' }) }));
    assert.deepStrictEqual(loaded.config, config);
    assert.deepStrictEqual(loaded.warnings, [
      'metadata has a "config" but no "format"; read as "transformer-xray/1".',
      'metadata "config" has unknown keys, ignored: activation.',
    ]);
    expectError(() => loadCheckpoint(file(params, { ...meta(config), format: 'pt' })), CheckpointError, 'metadata "format" is "pt"; this version reads "transformer-xray/1"');
  });

  it('loads a plain PyTorch export (no metadata) when the caller passes the config', () => {
    const config = tinyConfig({ sharedEmbeddings: true });
    const params = randomParams(config);
    const plain = file(params, {});
    expectError(() => loadCheckpoint(plain), CheckpointError, 'no "config" metadata', 'pass the model\'s TransformerConfig as options.config');
    const loaded = loadCheckpoint(plain, { config });
    assert.deepStrictEqual(loaded.config, config);
    assertSameParams(params, loaded.params);
    expectError(() => loadCheckpoint(plain, { config: { ...config, norm: 'bad' as never } }), CheckpointError, 'options.config is invalid: "norm" must be "post" or "pre"');
  });

  it('requires options.config to agree with the stored config', () => {
    const config = tinyConfig();
    const bytes = saveCheckpoint(config, randomParams(config));
    assert.deepStrictEqual(loadCheckpoint(bytes, { config }).config, config);
    expectError(() => loadCheckpoint(bytes, { config: { ...config, norm: 'pre', layerNormEps: 1e-6 } }), CheckpointError,
      'options.config differs from the checkpoint\'s config in norm ("pre" vs "post" in the file), layerNormEps (0.000001 vs 0.00001 in the file)');
  });

  it('checks "tied" metadata against the config', () => {
    const config = tinyConfig();
    const params = randomParams(config);
    const tied = JSON.stringify({ 'src_embed.weight': ['tgt_embed.weight'] });
    expectError(() => loadCheckpoint(file(params, { ...meta(config), tied })), CheckpointError, 'metadata "tied" says ["tgt_embed.weight"] share "src_embed.weight" but config.sharedEmbeddings is false');
    const shared = tinyConfig({ sharedEmbeddings: true });
    const sharedParams = randomParams(shared);
    expectError(() => loadCheckpoint(file(sharedParams, { ...meta(shared), tied: '{"generator.bias": ["x"]}' })), CheckpointError, 'metadata "tied" ties ["x"] to "generator.bias"');
    expectError(() => loadCheckpoint(file(sharedParams, { ...meta(shared), tied: '[]' })), CheckpointError, 'metadata "tied" must be a JSON object');
    expectError(() => loadCheckpoint(file(sharedParams, { ...meta(shared), tied: '{"src_embed.weight": "tgt_embed.weight"}' })), CheckpointError, 'entry "src_embed.weight" must be an array of tensor names');
    expectError(() => loadCheckpoint(file(sharedParams, { ...meta(shared), tied: '{' })), CheckpointError, 'metadata "tied" is not valid JSON');
  });

  it('refuses to overwrite reserved metadata keys, and passes safetensors errors through', () => {
    const config = tinyConfig();
    expectError(() => saveCheckpoint(config, randomParams(config), { metadata: { config: '{}' } }), CheckpointError, 'metadata key "config" is reserved');
    const bytes = saveCheckpoint(config, randomParams(config));
    expectError(() => loadCheckpoint(bytes.subarray(0, bytes.length - 3)), SafetensorsError, 'the file is truncated');
  });

  it('inspectCheckpoint gives what loadCheckpoint gives, without the weights, and refuses what it refuses', () => {
    for (const { name, bytes } of torchFixtures()) {
      const { params, ...loaded } = loadCheckpoint(bytes);
      assert.ok(params.size > 0);
      assert.deepStrictEqual(inspectCheckpoint(bytes), loaded, name);
    }
    const config = tinyConfig();
    const bad = randomParams(config);
    bad.get('generator.bias')!.data[0] = NaN;
    const file = saveCheckpoint(config, bad);
    expectError(() => inspectCheckpoint(file), CheckpointError, 'tensor generator.bias holds NaN at flat index 0');
  });
});
