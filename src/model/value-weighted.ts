/**
 * Value-weighted attention (Kobayashi et al., "Attention is Not Only a Weight", EMNLP 2020): the
 * size of what key j moves into query i in head h is ‖α_ij · f_h(x_j)‖ = α_ij · ‖f_h(x_j)‖, with
 * f_h(x) = (x W^V_h + b^V_h) W^O_h (src/model/attention-probes.ts computes the norms on the device).
 * Plain arrays, no tfjs.
 */

export const VALUE_WEIGHTED_FORMULA = '‖α_ij · f(x_j)‖ with f(x) = (x W^V_h + b^V_h) W^O_h';

/** One head's weighted map: α_ij · ‖f_h(x_j)‖ for weights `[nq × nk]` and norms `[nk]`. */
export function valueWeighted(weights: ArrayLike<number>, norms: ArrayLike<number>, nq: number, nk: number): Float32Array {
  const out = new Float32Array(nq * nk);
  for (let i = 0; i < nq; i++) for (let j = 0; j < nk; j++) out[i * nk + j] = weights[i * nk + j] * norms[j];
  return out;
}

/** The mean over heads of the weighted maps (`heads[h]` `[nq × nk]`, `norms[h]` `[nk]`). */
export function meanValueWeighted(heads: readonly ArrayLike<number>[], norms: readonly ArrayLike<number>[], nq: number, nk: number): Float32Array {
  const out = new Float32Array(nq * nk);
  heads.forEach((w, h) => {
    for (let i = 0; i < nq; i++) for (let j = 0; j < nk; j++) out[i * nk + j] += (w[i * nk + j] * norms[h][j]) / heads.length;
  });
  return out;
}
