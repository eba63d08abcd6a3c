import * as assert from 'assert';
import { sinusoidalPositionalEncoding } from '../../../src/model/positional-encoding';
import { defaultDimensions, dimensionColumn, dimensionFunction, dotProductsByOffset, peCellFills, wavelength } from '../../../webview/views/positions/pe-analysis';

describe('positional-encoding analysis', () => {
  const length = 40;
  const dModel = 32;
  const pe = sinusoidalPositionalEncoding(length, dModel);

  it('PE(pos)·PE(pos+k) depends on k only (the relative-position property the view shows)', () => {
    const a = dotProductsByOffset(pe, length, dModel, 0);
    const b = dotProductsByOffset(pe, length, dModel, 13);
    assert.strictEqual(b.length, length - 13);
    for (let k = 0; k < b.length; k++) assert.ok(Math.abs(a[k] - b[k]) < 1e-4, `k = ${k}: ${a[k]} vs ${b[k]}`);
    assert.ok(Math.abs(a[0] - dModel / 2) < 1e-4, 'at k = 0 each (sin, cos) pair adds 1');
  });

  it('wavelengths run from 2π (dimension 0) and grow along the dimensions', () => {
    assert.ok(Math.abs(wavelength(0, dModel) - 2 * Math.PI) < 1e-12);
    assert.strictEqual(wavelength(0, dModel), wavelength(1, dModel));
    assert.ok(wavelength(30, dModel) > wavelength(2, dModel));
    assert.strictEqual(dimensionFunction(4), 'sin');
    assert.strictEqual(dimensionFunction(5), 'cos');
  });

  it('reads a dimension column from the row-major table', () => {
    const col = dimensionColumn(pe, length, dModel, 1);
    assert.strictEqual(col[0], 1); // cos(0)
    assert.strictEqual(col[3], pe[3 * dModel + 1]);
  });

  it('maps −1, 0, 1 to the ends and the middle of the diverging map', () => {
    const fills = peCellFills(Float32Array.from([-1, 0, 1]));
    assert.deepStrictEqual(Array.from(fills), [0, 128, 255]);
  });

  it('suggests distinct dimensions inside the model width', () => {
    const dims = defaultDimensions(128);
    assert.deepStrictEqual(dims, [0, 1, 16, 32]);
    assert.ok(defaultDimensions(4).every((d) => d < 4));
  });
});
