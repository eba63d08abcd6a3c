/**
 * Geometry of the arcs view (BertViz "head view"): queries in the left column, keys in the right,
 * one line per (query, key) whose opacity and width grow with the weight. Pure, so the lines shown
 * for a focused token are unit-tested; the view turns the result into SVG elements, and the export
 * into an SVG string.
 *
 * Lines are grouped into one <path> per (head, weight bucket): 512 x 512 separate <line> elements
 * are what makes similar tools freeze on long inputs.
 */
import type { AttentionMatrix, TokenSide } from '../types';

export interface ArcFocus {
  side: TokenSide;
  index: number;
}

export interface ArcsLayout {
  width: number;
  height: number;
  /** Top of the first token row (below the column titles). */
  top: number;
  rowHeight: number;
  /** Where lines start (right edge of the query labels) and end (left edge of the key labels). */
  lineStartX: number;
  lineEndX: number;
}

export interface ArcPath {
  head: number;
  /** Bucketed weight: the path's opacity; its width is 0.5 + 2.5 × weight. */
  weight: number;
  d: string;
  /** Segments in the path (for tests and for the "lines hidden" note). */
  count: number;
}

/** Weights are drawn in this many opacity steps: w shows at round(w · BUCKETS) / BUCKETS, at least 1 / BUCKETS. */
export const BUCKETS = 20;

/** Past this many lines at once the view raises the threshold (and says so). */
export const MAX_LINES = 20000;

/** Thresholds tried in turn until the lines fit MAX_LINES. Below 0.01 a line is invisible anyway. */
export const THRESHOLDS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5];

const TITLE_BAND = 30;
const ROW_HEIGHT = 18;

export function arcsLayout(nQueries: number, nKeys: number, width: number, labelColumnWidth: number): ArcsLayout {
  const rows = Math.max(nQueries, nKeys);
  return {
    width,
    height: TITLE_BAND + rows * ROW_HEIGHT + 8,
    top: TITLE_BAND,
    rowHeight: ROW_HEIGHT,
    lineStartX: labelColumnWidth + 6,
    lineEndX: width - labelColumnWidth - 6,
  };
}

/** Vertical centre of token row i (queries and keys use the same rows, top-aligned). */
export function rowY(layout: ArcsLayout, i: number): number {
  return layout.top + (i + 0.5) * layout.rowHeight;
}

export function bucketOf(weight: number): number {
  return Math.max(1, Math.min(BUCKETS, Math.round(weight * BUCKETS))) / BUCKETS;
}

/** Calls visit for every (query, key) line: all of them, a focused query's row, or a focused key's column. */
function forEachLine(m: AttentionMatrix, focus: ArcFocus | null, visit: (q: number, k: number, w: number) => void): void {
  const nk = m.keys.length;
  if (focus?.side === 'key') {
    for (let q = 0; q < m.queries.length; q++) visit(q, focus.index, m.weights[q * nk + focus.index]);
    return;
  }
  const first = focus?.side === 'query' ? focus.index : 0;
  const end = focus?.side === 'query' ? focus.index + 1 : m.queries.length;
  for (let q = first; q < end; q++) {
    for (let k = 0; k < nk; k++) visit(q, k, m.weights[q * nk + k]);
  }
}

/**
 * The smallest threshold of THRESHOLDS that keeps the lines drawn at once within MAX_LINES.
 * A focused token has at most n lines per head, so it always uses the lowest threshold.
 */
export function lineThreshold(heads: readonly AttentionMatrix[], visible: readonly number[], focus: ArcFocus | null): number {
  for (const t of THRESHOLDS) {
    let count = 0;
    for (const h of visible) forEachLine(heads[h], focus, (_q, _k, w) => (count += w >= t ? 1 : 0));
    if (count <= MAX_LINES) return t;
  }
  return THRESHOLDS[THRESHOLDS.length - 1];
}

/** The lines of the visible heads (all, or only the focused token's), one path per head and bucket. */
export function arcPaths(
  heads: readonly AttentionMatrix[],
  visible: readonly number[],
  focus: ArcFocus | null,
  threshold: number,
  layout: ArcsLayout,
): ArcPath[] {
  const out: ArcPath[] = [];
  const x0 = layout.lineStartX.toFixed(1);
  const x1 = layout.lineEndX.toFixed(1);
  for (const h of visible) {
    const buckets = new Map<number, string[]>();
    forEachLine(heads[h], focus, (q, k, w) => {
      if (w < threshold || w <= 0) return;
      const b = bucketOf(w);
      let list = buckets.get(b);
      if (!list) buckets.set(b, (list = []));
      list.push(`M${x0},${rowY(layout, q).toFixed(1)}L${x1},${rowY(layout, k).toFixed(1)}`);
    });
    for (const [weight, segments] of [...buckets].sort((a, b) => a[0] - b[0])) {
      out.push({ head: h, weight, d: segments.join(''), count: segments.length });
    }
  }
  return out;
}

/** Stroke width of a line of (bucketed) weight w, in CSS pixels. */
export function strokeWidth(weight: number): number {
  return 0.5 + 2.5 * weight;
}
