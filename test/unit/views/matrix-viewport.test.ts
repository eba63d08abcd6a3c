import * as assert from 'assert';
import { FIT, clampViewport, labelsInView, panByPixels, reveal, viewCellAt, viewCellRect, visibleRange, zoomAt } from '../../../webview/views/shared/matrix-viewport';
import type { MatrixLayout } from '../../../webview/views/shared/matrix-layout';

/** A 100 x 100 matrix fitted at 4 px cells into a 400 x 400 plot box at (50, 60). */
const layout = { plotX: 50, plotY: 60, plotWidth: 400, plotHeight: 400, cellWidth: 4, cellHeight: 4 } as MatrixLayout;
const grid = { rows: 100, cols: 100 };

describe('matrix zoom and pan (geometry)', () => {
  it('fitted, the whole matrix is in view and the cell under a point is the plain one', () => {
    assert.deepStrictEqual(visibleRange(0, 100, 1), { first: 0, last: 99 });
    assert.deepStrictEqual(viewCellAt(layout, FIT, grid, 50 + 4 * 10 + 1, 60 + 4 * 20 + 1), { row: 20, col: 10 });
    assert.strictEqual(viewCellAt(layout, FIT, grid, 49, 100), null);
  });

  it('zooms around the point: the cell under it stays under it', () => {
    const x = 50 + 4 * 30 + 2;
    const y = 60 + 4 * 70 + 2;
    const before = viewCellAt(layout, FIT, grid, x, y);
    const v = zoomAt(FIT, layout, grid, 5, (x - 50) / 400, (y - 60) / 400);
    assert.strictEqual(v.zoom, 5);
    assert.deepStrictEqual(viewCellAt(layout, v, grid, x, y), before);
    assert.strictEqual(viewCellRect(layout, v, 70, 30)?.width, 20);
  });

  it('never zooms out past the fit nor in past 48 px cells, and keeps the window inside the matrix', () => {
    assert.strictEqual(zoomAt(FIT, layout, grid, 0.1, 0.5, 0.5).zoom, 1);
    assert.strictEqual(zoomAt(FIT, layout, grid, 1000, 0.5, 0.5).zoom, 12);
    const v = clampViewport({ zoom: 4, row0: 90, col0: -5 }, layout, grid);
    assert.deepStrictEqual(v, { zoom: 4, row0: 75, col0: 0 });
  });

  it('a drag moves the matrix with the pointer', () => {
    const v = panByPixels({ zoom: 4, row0: 40, col0: 40 }, layout, grid, 32, -16);
    assert.deepStrictEqual(v, { zoom: 4, row0: 41, col0: 38 });
  });

  it('reveal brings a cell out of view into view with the least move', () => {
    const v = reveal({ zoom: 4, row0: 0, col0: 0 }, layout, grid, 30, 10);
    assert.deepStrictEqual(v, { zoom: 4, row0: 6, col0: 0 });
    assert.ok(viewCellRect(layout, v, 30, 10));
    assert.strictEqual(viewCellRect(layout, { zoom: 4, row0: 0, col0: 0 }, 30, 10), null);
  });

  it('labels every row in view from 10 px cells with a font that fits the cell, else every k-th', () => {
    const every = labelsInView(100, 40, 10, 10, 11, 14);
    assert.deepStrictEqual(every.indices, Array.from({ length: 10 }, (_, i) => 40 + i));
    assert.ok(every.fontPx <= 8);
    const big = labelsInView(100, 0, 20, 20, 11, 14);
    assert.strictEqual(big.fontPx, 11);
    const thinned = labelsInView(100, 0, 1, 4, 11, 14);
    assert.deepStrictEqual(thinned.indices.slice(0, 3), [0, 5, 10]);
  });
});
