/**
 * Masking tokens from the editor: the source tokens of the current run that a selection touches
 * are replaced by <mask> in the panel's next pass (issue 16). No `vscode` import in the pure part.
 */
import type { WireToken } from '../../shared/protocol';

/** Indices of the tokens overlapping [start, end) (offsets relative to the analysed range); an empty selection takes the token under it. */
export function tokensOverlapping(tokens: readonly WireToken[], start: number, end: number): number[] {
  const out: number[] = [];
  tokens.forEach((t, i) => {
    const hit = end > start ? t.start < end && t.end > start : t.start <= start && start < t.end;
    if (hit) out.push(i);
  });
  return out;
}

export const MASK_SELECTION_COMMAND = 'transformerXray.maskSelection';
