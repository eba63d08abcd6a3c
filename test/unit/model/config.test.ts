import * as assert from 'node:assert/strict';
import { BASE, BIG, ConfigError, configProblems, lengthProblems, SHIPPED, validateConfig, validateLengths, type TransformerConfig } from '../../../src/model/config';
import { parameterProblems, validateParameters } from '../../../src/model/parameters';
import { initParameters } from '../../../src/model/init';
import { tinyConfig } from './helpers/params';

const with_ = (over: Partial<Record<keyof TransformerConfig, unknown>>): TransformerConfig => ({ ...BASE, ...over } as TransformerConfig);

describe('model/config validation', () => {
  it('accepts the paper presets and the shipped model unchanged', () => {
    for (const c of [BASE, BIG, SHIPPED]) {
      assert.deepEqual(configProblems(c), []);
      validateConfig(c);
    }
    assert.equal(BASE.dModel, 512);
    assert.equal(BIG.h, 16);
    assert.equal(SHIPPED.N, 3);
  });

  it('dModel not divisible by h names both fields and the fix', () => {
    const p = configProblems(with_({ h: 7 }));
    assert.ok(p.some((m) => /dModel \(512\) must be divisible by h \(7\)/.test(m)), p.join('\n'));
  });

  it('dK and dV must equal dModel / h because in_proj_weight packs Q, K, V', () => {
    const p = configProblems(with_({ dK: 32, dV: 128 }));
    assert.ok(p.some((m) => m.startsWith('dK must equal dModel / h = 64 (got 32)') && m.includes('in_proj_weight')), p.join('\n'));
    assert.ok(p.some((m) => m.startsWith('dV must equal dModel / h = 64 (got 128)')), p.join('\n'));
  });

  it('sizes must be positive integers', () => {
    for (const [field, value] of [['N', 0], ['dFF', 2.5], ['vocabSize', -3], ['maxLength', Number.NaN], ['dModel', '512']] as const) {
      const p = configProblems(with_({ [field]: value }));
      assert.ok(p.some((m) => m.startsWith(`${field} must be a positive integer`)), `${field}: ${p.join('\n')}`);
    }
  });

  it('an unknown norm placement is rejected with the two choices', () => {
    const p = configProblems(with_({ norm: 'middle' }));
    assert.ok(p.some((m) => m.startsWith("norm must be 'post'") && m.includes("'pre'") && m.includes('"middle"')), p.join('\n'));
  });

  it('layerNormEps must be in (0, 1) and pDrop in [0, 1)', () => {
    for (const eps of [0, -1e-5, 1, Number.POSITIVE_INFINITY]) assert.ok(configProblems(with_({ layerNormEps: eps })).some((m) => m.startsWith('layerNormEps')), `eps ${eps}`);
    for (const p of [-0.1, 1, 1.5]) assert.ok(configProblems(with_({ pDrop: p })).some((m) => m.startsWith('pDrop')), `pDrop ${p}`);
    assert.deepEqual(configProblems(with_({ pDrop: 0, layerNormEps: 1e-6 })), []);
  });

  it('validateConfig throws a ConfigError listing every problem', () => {
    try {
      validateConfig(with_({ h: 7, norm: 'x', pDrop: 2 }));
      assert.fail('should have thrown');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.ok(e.problems.length >= 3, e.message);
      for (const f of ['dModel', 'norm', 'pDrop']) assert.ok(e.message.includes(f), e.message);
    }
  });

  it('sequence lengths above maxLength are rejected with the limit and the fix', () => {
    assert.deepEqual(lengthProblems(BASE, 1024, 1), []);
    const p = lengthProblems(BASE, 1025, 2000);
    assert.equal(p.length, 2);
    assert.match(p[0], /^nSrc \(1025\) exceeds maxLength \(1024\).*shorten/);
    assert.match(p[1], /^nTgt \(2000\) exceeds maxLength \(1024\)/);
    assert.match(lengthProblems(BASE, 0, 1)[0], /nSrc must be a positive integer/);
    assert.throws(() => validateLengths(SHIPPED, 513, 4), (e: unknown) => e instanceof ConfigError && /maxLength \(512\)/.test(e.message));
  });

  it('parameters are checked for missing names, shapes and sizes, non-finite values and extras', () => {
    const c = tinyConfig();
    const params = initParameters(c, 3);
    assert.deepEqual(parameterProblems(c, params), []);
    params.delete('generator.bias');
    params.set('transformer.encoder.layers.0.linear1.weight', { shape: [16, 9], data: new Float32Array(144) });
    params.get('transformer.decoder.layers.1.norm3.bias')!.data[2] = Number.NaN;
    params.set('transformer.encoder.layers.0.norm1.bias', { shape: [8], data: new Float32Array(7) });
    params.set('tgt_embed.weight', { shape: [13, 8], data: new Float32Array(104) });
    params.set('extra', { shape: [1], data: new Float32Array(1) });
    const p = parameterProblems(c, params);
    assert.ok(p.some((m) => m.startsWith('Missing parameter "generator.bias"')), p.join('\n'));
    assert.ok(p.some((m) => m.includes('"transformer.encoder.layers.0.linear1.weight" has shape [16, 9], expected [16, 8]')), p.join('\n'));
    assert.ok(p.some((m) => m.includes('norm3.bias" has a non-finite value')), p.join('\n'));
    assert.ok(p.some((m) => m.includes('norm1.bias" holds 7 values')), p.join('\n'));
    assert.ok(p.some((m) => m.includes('"tgt_embed.weight" differs from "src_embed.weight"')), p.join('\n'));
    assert.ok(p.some((m) => m.startsWith('Unexpected parameter "extra"')), p.join('\n'));
    assert.throws(() => validateParameters(c, params), /6 problems/);
  });

  it('an alias of the shared embedding is accepted', () => {
    const c = tinyConfig();
    const params = initParameters(c, 3);
    params.set('generator.weight', params.get('src_embed.weight')!);
    assert.deepEqual(parameterProblems(c, params), []);
  });
});
