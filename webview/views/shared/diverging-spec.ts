/**
 * A signed matrix (differences, products of vector components) as a MatrixSpec on a diverging
 * scale symmetric about 0: blue = negative, white = 0, red = positive (ColorBrewer RdBu reversed).
 * Pure, no DOM.
 */
import { RDBU_DIVERGING, lutIndexInRange } from './colormaps';
import { lutFills } from './grid-paint';
import type { MatrixSpec } from './matrix-spec';
import { formatSigned } from './format';

const FILLS = lutFills(RDBU_DIVERGING);

/** The largest |value|, never 0 (so that the scale is defined). */
export function symmetricMaximum(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) m = Math.max(m, Math.abs(values[i]));
  return m > 0 ? m : 1;
}

/** Fill index of each cell on [-max, max]. */
export function divergingFills(values: ArrayLike<number>, max: number): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = lutIndexInRange(Math.max(-max, Math.min(max, values[i])), -max, max);
  return out;
}

export function divergingSpec(o: {
  values: ArrayLike<number>; rows: number; cols: number; rowLabels: string[]; colLabels: string[];
  rowTitle: string; colTitle: string; legendTitle: string; ariaLabel: string; monoLabels?: boolean; maxCellPx?: number;
}): MatrixSpec {
  const max = symmetricMaximum(o.values);
  const digits = max < 0.01 ? 4 : max < 1 ? 3 : 2;
  return {
    rows: o.rows,
    cols: o.cols,
    rowLabels: o.rowLabels,
    colLabels: o.colLabels,
    rowTitle: o.rowTitle,
    colTitle: o.colTitle,
    cellFill: divergingFills(o.values, max),
    fills: FILLS,
    legend: {
      ramp: {
        lut: RDBU_DIVERGING,
        title: o.legendTitle,
        ticks: [
          { at: 0, label: formatSigned(-max, digits) },
          { at: 0.5, label: '0' },
          { at: 1, label: formatSigned(max, digits) },
        ],
      },
    },
    ariaLabel: o.ariaLabel,
    monoLabels: o.monoLabels ?? false,
    ...(o.maxCellPx ? { maxCellPx: o.maxCellPx } : {}),
  };
}
