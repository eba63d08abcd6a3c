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
}

/** True when only every k-th label of an axis is drawn (k > 1). */
export function isThinned(labelled: readonly number[]): boolean {
  return labelled.length > 1 && labelled[1] - labelled[0] > 1;
}

/** The text drawn for label `index`: the label, numbered when the axis is thinned and the spec asks for it. */
export function axisLabelText(spec: MatrixSpec, labels: readonly string[], index: number, thinned: boolean): string {
  return spec.numberThinnedLabels && thinned ? `${index}: ${labels[index]}` : labels[index];
}
