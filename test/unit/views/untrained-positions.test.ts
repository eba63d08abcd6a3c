/** The dashed line at the checkpoint's trainedLength: from the run's matrix to the heatmap's spec and its SVG export. */
import * as assert from 'assert';
import type { AttentionMatrix } from '../../../webview/views/types';
import { heatmapSpec } from '../../../webview/views/heatmap/heatmap-spec';
import { cropSpec, untrainedLineAt } from '../../../webview/views/shared/matrix-spec';
import { matrixLayout } from '../../../webview/views/shared/matrix-layout';
import { matrixToSvg } from '../../../webview/views/shared/matrix-svg';

const n = 6;
const tokens = Array.from({ length: n }, (_, i) => ({ text: `t${i}`, position: i, id: 10 + i }));
const matrix = (untrainedFrom?: number): AttentionMatrix => ({
  kind: 'encoderSelf', layer: 0, head: 0, queries: tokens, keys: tokens,
  weights: new Float32Array(n * n).fill(1 / n), ...(untrainedFrom !== undefined ? { untrainedFrom } : {}),
});
const svgOf = (m: AttentionMatrix) => {
  const spec = heatmapSpec(m, 'unit');
  const layout = matrixLayout({ rows: n, cols: n, availableWidth: 400, rowLabelWidth: 30, colLabelWidth: 30, labelSpacing: 14, maxCellPx: 20, minCellPx: 1, legendHeight: 30, legendWidth: 100, rowTitleWidth: 80, colTitleWidth: 80 });
  return { svg: matrixToSvg(spec, layout, { foreground: '#111', background: '#fff', labelFontFamily: 'mono', titleFontFamily: 'sans' }), layout };
};

describe('untrained positions on the heatmap (checkpoint trainedLength)', () => {
  it('puts the line before the first untrained row and column', () => {
    const spec = heatmapSpec(matrix(4), 'unit');
    assert.strictEqual(untrainedLineAt(spec, 'row'), 4);
    assert.strictEqual(untrainedLineAt(spec, 'col'), 4);
    assert.strictEqual(untrainedLineAt(heatmapSpec(matrix(), 'unit'), 'row'), undefined);
  });

  it('keeps the line at the same token in a zoomed part, and drops it when the part does not reach it', () => {
    const spec = heatmapSpec(matrix(4), 'unit');
    assert.strictEqual(untrainedLineAt(cropSpec(spec, [2, 6], [3, 6]), 'row'), 2);
    assert.strictEqual(untrainedLineAt(cropSpec(spec, [2, 6], [3, 6]), 'col'), 1);
    assert.strictEqual(untrainedLineAt(cropSpec(spec, [0, 3], [0, 3]), 'row'), undefined);
  });

  it('draws two dashed lines in the SVG export at the cell boundary, none without a trained length', () => {
    const { svg, layout } = svgOf(matrix(4));
    const lines = [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"[^>]*stroke-dasharray/g)];
    assert.strictEqual(lines.length, 2);
    assert.ok(Math.abs(Number(lines[0][2]) - (layout.plotY + 4 * layout.cellHeight)) < 0.01, 'row line at the boundary of row 4');
    assert.ok(Math.abs(Number(lines[1][1]) - (layout.plotX + 4 * layout.cellWidth)) < 0.01, 'column line at the boundary of column 4');
    assert.doesNotMatch(svgOf(matrix()).svg, /stroke-dasharray/);
  });
});
