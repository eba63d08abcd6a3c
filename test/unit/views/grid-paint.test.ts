import * as assert from 'assert';
import { type Fill, cellIndexPerPixel, paintGrid } from '../../../webview/views/shared/grid-paint';

const RED: Fill = { rgb: [255, 0, 0] };
const BLUE: Fill = { rgb: [0, 0, 255] };
const HATCHED: Fill = { rgb: [100, 100, 100], hatch: { rgb: [200, 200, 200], period: 4, width: 1, direction: 'down' } };

function pixel(p: Uint8ClampedArray, width: number, x: number, y: number): number[] {
  const o = (y * width + x) * 4;
  return [p[o], p[o + 1], p[o + 2], p[o + 3]];
}

describe('grid painting', () => {
  it('paints each cell with its fill, rows = first index (not transposed)', () => {
    // 2 rows x 3 columns; only cell (row 0, col 2) is blue.
    const cells = [0, 0, 1, 0, 0, 0];
    const p = paintGrid(cells, 2, 3, [RED, BLUE], 30, 20);
    assert.deepStrictEqual(pixel(p, 30, 25, 5), [0, 0, 255, 255]); // row 0, col 2
    assert.deepStrictEqual(pixel(p, 30, 5, 15), [255, 0, 0, 255]); // row 1, col 0
    assert.deepStrictEqual(pixel(p, 30, 25, 15), [255, 0, 0, 255]); // row 1, col 2
  });

  it('samples the cell under each pixel centre, in order, when there are more cells than pixels', () => {
    const map = cellIndexPerPixel(100, 512);
    assert.strictEqual(map[0], 2); // pixel 0 spans cells 0–5.12; its centre is in cell 2
    assert.strictEqual(map[99], 509);
    for (let i = 1; i < 100; i++) assert.ok(map[i] > map[i - 1]);
  });

  it('gives every cell the same number of pixels when the sizes divide', () => {
    const map = cellIndexPerPixel(12, 4);
    assert.deepStrictEqual(Array.from(map), [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it('draws hatching as stripes of the hatch colour over the base colour', () => {
    const p = paintGrid([0], 1, 1, [HATCHED], 8, 8);
    const colours = new Set<string>();
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) colours.add(pixel(p, 8, x, y).slice(0, 3).join(','));
    assert.deepStrictEqual([...colours].sort(), ['100,100,100', '200,200,200']);
    // (x + y) % 4 < 1 is a stripe: (0,0) is, (1,0) is not.
    assert.deepStrictEqual(pixel(p, 8, 0, 0).slice(0, 3), [200, 200, 200]);
    assert.deepStrictEqual(pixel(p, 8, 1, 0).slice(0, 3), [100, 100, 100]);
  });
});
