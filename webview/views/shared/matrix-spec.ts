/** What a labelled matrix plot shows: its cells, labels, titles and legend (see matrix-canvas.ts). */
import type { Fill } from './grid-paint';
import type { LegendSpec } from './legend';

export interface MatrixSpec {
  rows: number;
  cols: number;
  /** Display text of every row and column label (already made visible and truncated). */
  rowLabels: string[];
  colLabels: string[];
  rowTitle: string;
  colTitle: string;
  /** rows * cols indices into `fills`, row-major. */
  cellFill: ArrayLike<number>;
  fills: readonly Fill[];
  legend: LegendSpec;
  /** What the canvas is, for screen readers. */
  ariaLabel: string;
  /** Token text is code: monospace labels. Numbers (positions, dimensions) use the UI font. */
  monoLabels: boolean;
  maxCellPx?: number;
  minCellPx?: number;
  /**
   * When labels are thinned (every k-th only), prefix each with its index ("40: total"), so the
   * reader knows which position a label marks. For token axes, where index = position.
   */
  numberThinnedLabels?: boolean;
  /** Least row height (rows taller than columns are wide), see MatrixLayoutInput.minRowPx. */
  minRowPx?: number;
  /** Index of the first row and column in the whole matrix, when this spec is a part of one (an export of the zoomed part). */
  rowOffset?: number;
  colOffset?: number;
  /**
   * Token position from which on the checkpoint was never trained (its `trainedLength`), in the
   * whole matrix: a dashed line is drawn before that row and that column.
   */
  untrainedFrom?: number;
}

/** Where the untrained-positions line falls on an axis of this spec (its index), or undefined when not in it. */
export function untrainedLineAt(spec: MatrixSpec, axis: 'row' | 'col'): number | undefined {
  if (spec.untrainedFrom === undefined) return undefined;
  const at = spec.untrainedFrom - ((axis === 'row' ? spec.rowOffset : spec.colOffset) ?? 0);
  return at > 0 && at < (axis === 'row' ? spec.rows : spec.cols) ? at : undefined;
}

/** True when only every k-th label of an axis is drawn (k > 1). */
export function isThinned(labelled: readonly number[]): boolean {
  return labelled.length > 1 && labelled[1] - labelled[0] > 1;
}

/** The text drawn for label `index`: the label, numbered when the axis is thinned and the spec asks for it. */
export function axisLabelText(spec: MatrixSpec, axis: 'row' | 'col', index: number, thinned: boolean): string {
  const label = axis === 'row' ? spec.rowLabels[index] : spec.colLabels[index];
  const offset = (axis === 'row' ? spec.rowOffset : spec.colOffset) ?? 0;
  return spec.numberThinnedLabels && thinned ? `${offset + index}: ${label}` : label;
}

/** Rows [r0, r1) by columns [c0, c1) of a spec, as a spec of their own (labels keep their numbers). */
export function cropSpec(spec: MatrixSpec, [r0, r1]: [number, number], [c0, c1]: [number, number]): MatrixSpec {
  const rows = r1 - r0;
  const cols = c1 - c0;
  const cellFill = new Uint16Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cellFill[r * cols + c] = spec.cellFill[(r0 + r) * spec.cols + c0 + c];
  return {
    ...spec,
    rows,
    cols,
    cellFill,
    rowLabels: spec.rowLabels.slice(r0, r1),
    colLabels: spec.colLabels.slice(c0, c1),
    rowOffset: (spec.rowOffset ?? 0) + r0,
    colOffset: (spec.colOffset ?? 0) + c0,
  };
}
