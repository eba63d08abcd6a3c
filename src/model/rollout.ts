/**
 * Attention rollout (Abnar & Zuidema, "Quantifying Attention Flow in Transformers", ACL 2020,
 * arXiv 2005.00928). A layer's output at position i is its input at i (the residual connection)
 * plus what attention brought in, so a layer's effective mixing is taken as
 *     Ã_l = 0.5 · mean_h(A_l) + 0.5 · I      (rows renormalised to sum to 1),
 * and the mixing of the whole stack up to layer L is the product  R_L = Ã_L · … · Ã_1.
 * Row i of R_L says how much of each input token reaches position i after L layers.
 *
 * Encoder-decoder attention (the rule used here, written down as issue 16 asks): the only path by
 * which source tokens reach the decoder is cross attention, whose keys and values are the encoder's
 * output, itself mixed over the source tokens by the encoder rollout R_enc (all N encoder layers).
 * The attribution of decoder position t over source tokens is therefore
 *     C = mean_h(A^cross_N) · R_enc,
 * the rollout continued through one more (cross-attention) edge, with no identity term: the cross
 * sub-layer's residual carries the decoder's own stream, not the source. It is the co-attention
 * update of Chefer, Gur & Wolf ("Generic Attention-model Explainability", ICCV 2021,
 * R^ts ← R^ts + (R̄^tt)^T · Ā · R̄^ss) taken with raw head-averaged weights for Ā (no gradients),
 * R̄^ss = R_enc, R̄^tt = I, R^ts starting at 0, and only the last decoder layer's cross attention.
 * Rows of C sum to 1, being a product of row-stochastic matrices.
 *
 * Plain arrays, no tfjs: row-major `[n × n]` (or `[nq × nk]`) matrices, computed in float64.
 */

type Matrix = ArrayLike<number>;

/** a (rows × inner) · b (inner × cols), row-major; replaceable (the webview multiplies on its tfjs backend). */
export type MatrixProduct = (a: Matrix, b: Matrix, rows: number, inner: number, cols: number) => ArrayLike<number>;

/** Ã = 0.5 · A + 0.5 · I with every row renormalised (A is n × n, already averaged over heads). */
export function withResidual(a: Matrix, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const v = 0.5 * a[i * n + j] + (i === j ? 0.5 : 0);
      out[i * n + j] = v;
      sum += v;
    }
    if (sum > 0) for (let j = 0; j < n; j++) out[i * n + j] /= sum;
  }
  return out;
}

/** a (rows × inner) · b (inner × cols), row-major. */
export function matrixProduct(a: Matrix, b: Matrix, rows: number, inner: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let k = 0; k < inner; k++) {
      const aik = a[i * inner + k];
      if (aik === 0) continue;
      const r = k * cols;
      for (let j = 0; j < cols; j++) out[o + j] += aik * b[r + j];
    }
  }
  return out;
}

/**
 * The rollout Ã_L · … · Ã_1 of self-attention, from each layer's head-averaged weights
 * (`layers[0]` is layer 1), n × n row-major.
 */
export function attentionRollout(layers: readonly Matrix[], n: number, product: MatrixProduct = matrixProduct): ArrayLike<number> {
  if (layers.length === 0) throw new Error('attentionRollout needs at least one layer.');
  let r: ArrayLike<number> = withResidual(layers[0], n);
  for (let l = 1; l < layers.length; l++) r = product(withResidual(layers[l], n), r, n, n, n);
  return r;
}

/**
 * Decoder positions' attribution over source tokens: mean_h(A^cross_N) (nTgt × nSrc) times the
 * encoder rollout (nSrc × nSrc). See the module comment for the rule and its reference.
 */
export function crossAttentionRollout(lastCrossMean: Matrix, encoderRollout: Matrix, nTgt: number, nSrc: number, product: MatrixProduct = matrixProduct): ArrayLike<number> {
  return product(lastCrossMean, encoderRollout, nTgt, nSrc, nSrc);
}

/** What the view says about the Rollout "layer", per attention kind. */
export const ROLLOUT_EXPLANATION = {
  self: 'Rollout (Abnar & Zuidema 2020): each layer mixes as Ã = 0.5·mean over heads(A) + 0.5·I (the residual connection keeps half of each token), rows renormalised; the product Ã_N···Ã_1 says how much of each input token reaches each position after all layers.',
  cross: 'Rollout through encoder-decoder attention: mean over heads of the last layer\'s cross attention times the encoder rollout, C = mean_h(A^cross_N)·Ã_N···Ã_1 (Abnar & Zuidema 2020, continued through the cross edge as in Chefer et al. 2021, with raw weights): how much of each source token reaches each decoder position.',
} as const;
