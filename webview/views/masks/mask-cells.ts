/**
 * Which (query, key) pairs each mask hides, as categories for the masks view. The causal part comes
 * from the model's own subsequentMask, so the picture is the mask the model applies.
 */
import { subsequentMask } from '../../../src/model/masks';
import type { Fill } from '../shared/grid-paint';
import { MASKED_FILL } from '../heatmap/heatmap-cells';

/** What hides a (query, key) pair. */
export const MaskCategory = {
  Allowed: 0,
  /** Hidden by the subsequent (causal) mask: the key is after the query. */
  Causal: 1,
  /** Hidden by the padding mask: the key is a <pad> position. */
  Padding: 2,
  /** Hidden by both. */
  CausalAndPadding: 3,
} as const;
export type MaskCategory = (typeof MaskCategory)[keyof typeof MaskCategory];

/** Fills, indexed by MaskCategory. Stripes differ in direction as well as colour, for colour-blind readers. */
export const MASK_FILLS: readonly Fill[] = [
  { rgb: [68, 119, 170] }, // allowed: Paul Tol's blue
  MASKED_FILL, // causal: the grey "\\" of masked cells in the heatmap
  { rgb: [204, 187, 68], hatch: { rgb: [120, 100, 20], period: 6, width: 2, direction: 'up' } }, // padding: yellow "/"
  { rgb: [118, 118, 118], hatch: { rgb: [204, 187, 68], period: 6, width: 2, direction: 'cross' } }, // both
];

function category(causal: boolean, padding: boolean): MaskCategory {
  if (causal && padding) return MaskCategory.CausalAndPadding;
  if (causal) return MaskCategory.Causal;
  return padding ? MaskCategory.Padding : MaskCategory.Allowed;
}

/** Decoder self-attention (n x n): causal mask plus padding of the keys. */
export function decoderSelfMaskCells(n: number, keyPadding?: readonly boolean[]): Uint8Array {
  const allowed = subsequentMask(n);
  const out = new Uint8Array(n * n);
  for (let q = 0; q < n; q++) {
    for (let k = 0; k < n; k++) out[q * n + k] = category(allowed[q * n + k] === 0, keyPadding?.[k] ?? false);
  }
  return out;
}

/** An attention with padding only (encoder self-attention, cross-attention): padded key columns. */
export function paddingMaskCells(nQueries: number, nKeys: number, keyPadding?: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(nQueries * nKeys);
  for (let q = 0; q < nQueries; q++) {
    for (let k = 0; k < nKeys; k++) out[q * nKeys + k] = category(false, keyPadding?.[k] ?? false);
  }
  return out;
}

export function hasPadding(padding?: readonly boolean[]): boolean {
  return padding?.some((p) => p) ?? false;
}
