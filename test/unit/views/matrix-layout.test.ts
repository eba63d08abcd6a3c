import * as assert from 'assert';
import { type MatrixLayoutInput, matrixLayout } from '../../../webview/views/shared/matrix-layout';
import { FIT, viewCellAt } from '../../../webview/views/shared/matrix-viewport';

/** The cell under a point of the fitted (unzoomed) plot. */
const cellAt = (l: ReturnType<typeof matrixLayout>, rows: number, cols: number, x: number, y: number) => viewCellAt(l, FIT, { rows, cols }, x, y);
import { type MatrixSpec, axisLabelText, isThinned } from '../../../webview/views/shared/matrix-spec';

const base: MatrixLayoutInput = {
  rows: 3,
  cols: 4,
  availableWidth: 600,
  rowLabelWidth: 40,
  colLabelWidth: 30,
  labelSpacing: 14,
  maxCellPx: 28,
  minCellPx: 0.5,
  legendHeight: 40,
  legendWidth: 200,
  rowTitleWidth: 100,
  colTitleWidth: 100,
};

describe('matrix layout', () => {
  it('caps cells of small matrices at maxCellPx and keeps them square', () => {
    const l = matrixLayout(base);
    assert.strictEqual(l.cellWidth, 28);
    assert.strictEqual(l.cellHeight, 28);
    assert.strictEqual(l.plotWidth, 4 * 28);
    assert.strictEqual(l.plotHeight, 3 * 28);
  });

  it('fits 512 columns into the width with sub-pixel cells and thins the labels', () => {
    const l = matrixLayout({ ...base, rows: 512, cols: 512 });
    assert.ok(l.plotX + l.plotWidth <= 600, 'plot overflows the panel');
    assert.ok(l.cellWidth < 2);
    assert.ok(l.rowLabels.length < 512 && l.rowLabels.length > 10);
    assert.deepStrictEqual(l.rowLabels, l.colLabels);
  });

  it('makes rows taller than columns are wide when asked (positions × 512 dimensions)', () => {
    const l = matrixLayout({ ...base, rows: 20, cols: 512, minRowPx: 9 });
    assert.strictEqual(l.cellHeight, 9);
    assert.ok(l.cellWidth < 2);
    assert.strictEqual(l.plotHeight, 180);
  });

  it('grows the canvas so long axis titles fit a tiny matrix', () => {
    const l = matrixLayout({ ...base, rows: 2, cols: 2, colTitleWidth: 300, rowTitleWidth: 250 });
    assert.ok(l.width >= l.plotX + 300);
    assert.ok(l.height >= l.plotY + 250);
    assert.ok(l.colTitleAt.x - 150 >= l.plotX - 1e-9, 'column title starts left of the plot');
  });

  it('cellAt inverts the layout: the centre of cell (r, c) maps back to (r, c)', () => {
    const l = matrixLayout({ ...base, rows: 7, cols: 11 });
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 11; c++) {
        const x = l.plotX + (c + 0.5) * l.cellWidth;
        const y = l.plotY + (r + 0.5) * l.cellHeight;
        assert.deepStrictEqual(cellAt(l, 7, 11, x, y), { row: r, col: c });
      }
    }
    assert.strictEqual(cellAt(l, 7, 11, l.plotX - 1, l.plotY + 1), null);
    assert.strictEqual(cellAt(l, 7, 11, l.plotX + l.plotWidth + 1, l.plotY + 1), null);
  });
});

describe('thinned axis labels', () => {
  const spec = { rowLabels: ['<s>', 'a', 'b'], numberThinnedLabels: true } as unknown as MatrixSpec;

  it('numbers a label only when its axis is thinned, so "40: total" says which position it marks', () => {
    assert.strictEqual(isThinned([0, 1, 2]), false);
    assert.strictEqual(isThinned([0, 20, 40]), true);
    assert.strictEqual(axisLabelText(spec, 'row', 2, true), '2: b');
    assert.strictEqual(axisLabelText(spec, 'row', 2, false), 'b');
    assert.strictEqual(axisLabelText({ ...spec, numberThinnedLabels: false }, 'row', 2, true), 'b');
  });
});
