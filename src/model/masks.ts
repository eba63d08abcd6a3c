/**
 * Masks (paper, sections 3.1 and 3.2.3): which keys a query may attend to, as plain arrays (no tfjs:
 * the views draw these very arrays, so the picture is the mask the model applies).
 *
 * - The subsequent (causal) mask, only in the decoder's self-attention, hides the keys after the
 *   query, so that the prediction for position i depends only on the outputs before it.
 * - The padding mask hides padded key positions in every attention (encoder self-attention,
 *   decoder self-attention and encoder-decoder attention).
 *
 * Meaning of every array here: 1 = allowed (the query may attend to the key), 0 = masked (its score
 * is set to −∞ before the softmax). The opposite of PyTorch's `attn_mask`, whose `true` means
 * "masked". On the device the masks are applied by device/masked-softmax.ts.
 */

/**
 * The subsequent (causal) mask of decoder self-attention, row-major `[nQueries, nKeys]` (square by
 * default): entry (i, j) is 1 when query i may attend to key j, that is when j <= i.
 */
export function subsequentMask(nQueries: number, nKeys = nQueries): Uint8Array {
  const m = new Uint8Array(nQueries * nKeys);
  for (let i = 0; i < nQueries; i++) m.fill(1, i * nKeys, i * nKeys + Math.min(i + 1, nKeys));
  return m;
}

/**
 * The padding mask of one sequence, `[n]`: 1 for a real token (may be attended to), 0 for a padded
 * position. `padding[j]` true means position j is padding.
 */
export function paddingMask(padding: readonly boolean[]): Uint8Array {
  return Uint8Array.from(padding, (p) => (p ? 0 : 1));
}

/** What to hide in one attention. */
export interface MaskSpec {
  batch: number;
  nQueries: number;
  nKeys: number;
  /** `[batch][nKeys]`, true = padded key position (hidden from every query). */
  keyPadding?: readonly (readonly boolean[])[];
  /** Hide keys after the query (decoder self-attention); needs nQueries = nKeys. */
  causal?: boolean;
}

/**
 * The combined allowed mask `[batch, nQueries, nKeys]` (row-major, 1 = may attend), or `null` when
 * nothing is hidden (then attention is a plain softmax).
 */
export function allowedMask(spec: MaskSpec): Uint8Array | null {
  const { batch, nQueries: nq, nKeys: nk, keyPadding, causal } = spec;
  const padded = keyPadding?.some((row) => row.some((p) => p)) ?? false;
  if (!causal && !padded) return null;
  if (causal && nq !== nk) throw new Error(`A causal mask needs as many queries as keys (got ${nq} and ${nk}).`);
  const m = new Uint8Array(batch * nq * nk);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < nq; i++) {
      const row = (b * nq + i) * nk;
      for (let j = 0; j < nk; j++) {
        const hidden = (causal === true && j > i) || (keyPadding?.[b][j] ?? false);
        m[row + j] = hidden ? 0 : 1;
      }
    }
  }
  return m;
}
