import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BASE, BIG, type TransformerConfig } from '../../../src/model/config';
import { parameterSpecs, parameterTotals } from '../../../src/model/parameters';

describe('model/parameters: parameterTotals', () => {
  it('counts exactly the tensors and values parameterSpecs lists, for every kind of config', () => {
    const config = fc.record({
      N: fc.integer({ min: 1, max: 7 }), dModel: fc.integer({ min: 1, max: 40 }), dFF: fc.integer({ min: 1, max: 50 }),
      h: fc.integer({ min: 1, max: 5 }), dK: fc.integer({ min: 1, max: 9 }), dV: fc.integer({ min: 1, max: 9 }),
      vocabSize: fc.integer({ min: 1, max: 100 }), maxLength: fc.constant(16), norm: fc.constantFrom('post' as const, 'pre' as const),
      finalNorm: fc.boolean(), sharedEmbeddings: fc.boolean(), layerNormEps: fc.constant(1e-5), pDrop: fc.constant(0),
    });
    const check = (c: TransformerConfig): void => {
      const specs = parameterSpecs(c);
      assert.deepEqual(parameterTotals(c), { tensors: specs.length, values: specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0) });
    };
    fc.assert(fc.property(config, check), { numRuns: 300 });
    check(BASE);
    check(BIG);
  });

  it('is O(1): a config of 2^31 - 1 in every size is counted without a list', () => {
    const huge = { ...BASE, N: 1000, dModel: 2 ** 31 - 1, dFF: 2 ** 31 - 1, vocabSize: 2 ** 31 - 1 };
    const { tensors, values } = parameterTotals(huge);
    assert.equal(tensors, 2 + 30 * 1000);
    assert.ok(values > 2 ** 62);
  });
});
