/** Plain TypeScript (no vscode import), shared by the editor's token lookup and the token hovers. */

/** The index of the span covering `offset` in sorted, non-overlapping `spans` (binary search), or undefined. */
export function indexAtOffset(spans: readonly { start: number; end: number }[], offset: number): number | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return undefined;
}
