import type { AttentionMatrix } from '../types';

/**
 * The mean of the heads' weights, cell by cell: what "mean over heads" shows. Each head's rows sum
 * to 1, so the mean's rows do too, and a cell masked in every head (the heads share one mask) stays
 * exactly 0.
 */
export function meanOverHeads(heads: readonly AttentionMatrix[]): AttentionMatrix {
  if (heads.length === 0) throw new Error('meanOverHeads needs at least one head.');
  const first = heads[0];
  const weights = new Float32Array(first.weights.length);
  for (const h of heads) {
    if (h.weights.length !== weights.length || h.kind !== first.kind || h.layer !== first.layer) {
      throw new Error('meanOverHeads: heads differ in kind, layer or shape.');
    }
    for (let i = 0; i < weights.length; i++) weights[i] += h.weights[i];
  }
  for (let i = 0; i < weights.length; i++) weights[i] /= heads.length;
  return { ...first, head: 'mean', weights };
}
