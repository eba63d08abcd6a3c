import * as assert from 'assert';
import { LUT_SIZE, RDBU_DIVERGING, VIRIDIS, colorAt, lutIndex, lutIndexInRange, lutRgb } from '../../../webview/views/shared/colormaps';

/** Relative luminance (sRGB, WCAG formula): viridis must get lighter from 0 to 1 with no reversal. */
function luminance([r, g, b]: number[]): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

describe('colour maps', () => {
  it('viridis matches matplotlib at its anchors', () => {
    // matplotlib 3.6: cm.viridis(x) for x = 0, 0.25, 0.5, 0.75, 1.0, rounded to bytes.
    assert.strictEqual(colorAt(VIRIDIS, 0), '#440154');
    assert.strictEqual(colorAt(VIRIDIS, 0.25), '#3b528b');
    assert.strictEqual(colorAt(VIRIDIS, 0.5), '#21918c');
    assert.strictEqual(colorAt(VIRIDIS, 0.75), '#5ec962');
    assert.strictEqual(colorAt(VIRIDIS, 1), '#fde725');
  });

  it('viridis gets lighter along the scale (readable in grey-scale)', () => {
    // Byte rounding allows tiny wobbles between neighbours, never a visible reversal.
    for (let i = 1; i < LUT_SIZE; i++) {
      assert.ok(luminance(lutRgb(VIRIDIS, i)) > luminance(lutRgb(VIRIDIS, i - 1)) - 1e-3, `luminance drops at entry ${i}`);
    }
    for (let i = 8; i < LUT_SIZE; i += 8) {
      assert.ok(luminance(lutRgb(VIRIDIS, i)) > luminance(lutRgb(VIRIDIS, i - 8)), `no rise from ${i - 8} to ${i}`);
    }
  });

  it('the diverging map is blue at −1, near-white at 0 and red at +1 (ColorBrewer RdBu reversed)', () => {
    assert.strictEqual(colorAt(RDBU_DIVERGING, 0), '#053061');
    assert.strictEqual(colorAt(RDBU_DIVERGING, 1), '#67001f');
    const [r, g, b] = lutRgb(RDBU_DIVERGING, lutIndexInRange(0, -1, 1));
    assert.ok(Math.abs(r - 0xf7) <= 2 && Math.abs(g - 0xf7) <= 2 && Math.abs(b - 0xf7) <= 2, `centre is ${r},${g},${b}`);
  });

  it('indexes like matplotlib: floor(t·256), clipped, NaN to 0', () => {
    assert.strictEqual(lutIndex(0.5), 128);
    assert.strictEqual(lutIndex(0.999), 255);
    assert.strictEqual(lutIndex(1.5), 255);
    assert.strictEqual(lutIndex(-0.2), 0);
    assert.strictEqual(lutIndex(Number.NaN), 0);
    assert.strictEqual(lutIndexInRange(0.25, 0, 0.5), 128);
  });
});
