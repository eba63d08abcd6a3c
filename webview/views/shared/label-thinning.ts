/**
 * Which token labels fit along an axis. When cells are smaller than a line of text, only every
 * k-th label is drawn; k is a "nice" number (1, 2, 5, 10, 20, 50 ...) so the labelled positions are
 * easy to count.
 */

/** Smallest nice stride k such that k cells span at least minSpacingPx. */
export function labelStride(cellPx: number, minSpacingPx: number): number {
  if (!(cellPx > 0)) return Number.POSITIVE_INFINITY;
  const needed = minSpacingPx / cellPx;
  if (needed <= 1) return 1;
  for (let decade = 1; ; decade *= 10) {
    for (const m of [1, 2, 5]) {
      if (m * decade >= needed) return m * decade;
    }
  }
}

/** Indices 0, k, 2k ... below n that get a label. */
export function labelledIndices(n: number, cellPx: number, minSpacingPx: number): number[] {
  const stride = labelStride(cellPx, minSpacingPx);
  const out: number[] = [];
  if (!Number.isFinite(stride)) return out;
  for (let i = 0; i < n; i += stride) out.push(i);
  return out;
}
