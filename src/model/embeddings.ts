/**
 * Embeddings (paper, section 3.4): a learned lookup table from token id to a vector of width dModel.
 * In the embedding layers the weights are multiplied by sqrt(dModel), which brings them to the scale
 * of the positional encoding added next. With shared embeddings the same matrix also serves, unscaled
 * and transposed, as the pre-softmax projection (see device/weights.ts).
 *
 * The lookup runs on the host, not as a tfjs `gather`: the webgl backend keeps int32 ids in float
 * textures, and with half-float textures (WEBGL_FORCE_F16_TEXTURES, many mobile GPUs) integers above
 * 2048 are rounded, so a GPU gather would fetch the wrong rows for most of a 4096-token vocabulary.
 */

/**
 * Looks up `ids` (`[batch][n]`) in `table` (row-major `[vocabSize, dModel]`) and scales by
 * sqrt(dModel). Returns row-major `[batch, n, dModel]`.
 */
export function embedTokens(table: Float32Array, dModel: number, ids: readonly (readonly number[])[]): Float32Array {
  const n = ids.length > 0 ? ids[0].length : 0;
  const out = new Float32Array(ids.length * n * dModel);
  const scale = Math.sqrt(dModel);
  ids.forEach((row, b) => row.forEach((id, pos) => {
    const from = id * dModel;
    const to = (b * n + pos) * dModel;
    for (let j = 0; j < dModel; j++) out[to + j] = table[from + j] * scale;
  }));
  return out;
}
