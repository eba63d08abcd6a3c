import * as assert from 'assert';
import { divergingFills, divergingSpec, symmetricMaximum } from '../../../webview/views/shared/diverging-spec';
import { LUT_SIZE } from '../../../webview/views/shared/colormaps';

describe('views/shared/diverging-spec: signed values on a scale symmetric about 0', () => {
  it('the scale runs from −max|v| to +max|v|, 0 in the middle; never an empty range', () => {
    assert.strictEqual(symmetricMaximum([0.2, -0.5, 0.1]), 0.5);
    assert.strictEqual(symmetricMaximum([0, 0]), 1);
    assert.strictEqual(symmetricMaximum([-Infinity, 2]), 2, 'a masked −∞ does not stretch the scale');
    const fills = divergingFills([-0.5, 0, 0.5], 0.5);
    assert.strictEqual(fills[0], 0);
    assert.strictEqual(fills[2], LUT_SIZE - 1);
    assert.ok(Math.abs(fills[1] - (LUT_SIZE - 1) / 2) <= 1, `0 sits in the middle (${fills[1]})`);
  });

  it('a spec with a ramp legend labelled −max, 0, +max', () => {
    const spec = divergingSpec({
      values: [1, -2, 0.5, 0], rows: 2, cols: 2, rowLabels: ['a', 'b'], colLabels: ['0', '1'],
      rowTitle: 'r', colTitle: 'c', legendTitle: 'Change', ariaLabel: 'x',
    });
    assert.deepStrictEqual(spec.legend.ramp?.ticks.map((t) => t.label), ['−2', '0', '2']);
    assert.strictEqual(spec.cellFill.length, 4);
    assert.strictEqual(spec.fills.length, LUT_SIZE);
  });
});
