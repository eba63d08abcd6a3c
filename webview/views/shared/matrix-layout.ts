/**
 * Geometry of a labelled matrix plot (CSS pixels): row labels on the left, column labels rotated
 * above, axis titles outside the labels, the legend below. Pure, so label placement is unit-tested.
 */
import { labelledIndices } from './label-thinning';

export interface MatrixLayoutInput {
  rows: number;
  cols: number;
  /** Width the plot may take, including labels. */
  availableWidth: number;
  /**
   * Height the plot may take, labels and legend included: cells shrink so the whole matrix is in
   * view without scrolling (zoom shows detail). Unset: only the width limits the cells.
   */
  availableHeight?: number;
  /** Widest row label and widest column label, measured in the label font. */
  rowLabelWidth: number;
  colLabelWidth: number;
  /** Line height of labels: the least spacing between two labels. */
  labelSpacing: number;
  /** Largest cell side (small matrices should not become giant squares). */
  maxCellPx: number;
  /** Smallest cell side: below it the plot overflows and the container scrolls. */
  minCellPx: number;
  /**
   * Least row height. Cells are square unless this is larger: a few positions by 512 dimensions
   * would otherwise be a strip a few pixels high.
   */
  minRowPx?: number;
  /** Height reserved below the plot for the legend, and the width the legend needs. */
  legendHeight: number;
  legendWidth: number;
  /** Widths of the two axis titles in the title font (the canvas grows to fit them). */
  rowTitleWidth: number;
  colTitleWidth: number;
}

export interface MatrixLayout {
  width: number;
  height: number;
  /** Size of one cell (square unless minRowPx made rows taller). */
  cellWidth: number;
  cellHeight: number;
  plotX: number;
  plotY: number;
  plotWidth: number;
  plotHeight: number;
  /** Row indices that get a label, and column indices that get one. */
  rowLabels: number[];
  colLabels: number[];
  /** Centre of the row-axis title (drawn rotated) and of the column-axis title. */
  rowTitleAt: { x: number; y: number };
  colTitleAt: { x: number; y: number };
  legendY: number;
}

export const PADDING = 8;
export const TITLE_BAND = 18;
export const LABEL_GAP = 5;

export function matrixLayout(i: MatrixLayoutInput): MatrixLayout {
  const plotX = PADDING + TITLE_BAND + i.rowLabelWidth + LABEL_GAP;
  const plotY = PADDING + TITLE_BAND + i.colLabelWidth + LABEL_GAP;
  const room = Math.max(1, i.availableWidth - plotX - PADDING);
  let cell = Math.min(i.maxCellPx, room / Math.max(1, i.cols));
  if (i.availableHeight !== undefined) {
    const heightRoom = i.availableHeight - plotY - 2 * LABEL_GAP - i.legendHeight - PADDING;
    cell = Math.min(cell, Math.max(1, heightRoom) / Math.max(1, i.rows));
  }
  // Whole pixels when cells are big enough to notice uneven sizes; fractional below 2 px.
  if (cell >= 2) cell = Math.floor(cell);
  cell = Math.max(i.minCellPx, cell);
  const cellHeight = Math.max(cell, Math.min(i.maxCellPx, i.minRowPx ?? 0));
  const plotWidth = cell * i.cols;
  const plotHeight = cellHeight * i.rows;
  const legendY = plotY + plotHeight + 2 * LABEL_GAP;
  // Titles sit beside their axis, centred on it when they fit and starting at the plot's edge when
  // they are longer than the plot is (a 3-token matrix is narrower than "Keys (…)").
  const colTitleX = plotX + Math.max(plotWidth, i.colTitleWidth) / 2;
  const rowTitleY = plotY + Math.max(plotHeight, i.rowTitleWidth) / 2;
  const right = Math.max(plotX + plotWidth, plotX + i.colTitleWidth, plotX + i.legendWidth);
  const bottom = Math.max(legendY + i.legendHeight, plotY + i.rowTitleWidth);
  return {
    width: Math.ceil(right + PADDING),
    height: Math.ceil(bottom + PADDING),
    cellWidth: cell,
    cellHeight,
    plotX,
    plotY,
    plotWidth,
    plotHeight,
    rowLabels: labelledIndices(i.rows, cellHeight, i.labelSpacing),
    colLabels: labelledIndices(i.cols, cell, i.labelSpacing),
    rowTitleAt: { x: PADDING + TITLE_BAND / 2, y: rowTitleY },
    colTitleAt: { x: colTitleX, y: PADDING + TITLE_BAND / 2 },
    legendY,
  };
}
