/**
 * The paper's equation 1 for one query row of one head, step by step:
 *   q_i ⊙ k_j (the dK products whose sum is the dot product), s_ij = q_i·k_j / √dK,
 *   the mask (−∞ where query i may not see key j), and softmax_j — which is row i of the heatmap.
 * Plain arrays, no tfjs: `q` is q_i `[dK]`, `keys` is K `[nk × dK]` (from the forward pass's
 * `queryKeys` option, src/model/attention-probes.ts).
 */

export interface QueryKeySteps {
  dK: number;
  nk: number;
  /** q_i ⊙ k_j, `[nk × dK]` row-major. */
  products: Float64Array;
  /** q_i·k_j, `[nk]`. */
  dots: Float64Array;
  /** q_i·k_j / √dK, `[nk]`. */
  scores: Float64Array;
  /** The scores with −∞ where the mask hides the key, `[nk]`. */
  masked: Float64Array;
  /** softmax of the masked scores: the attention weights of row i, `[nk]`. */
  weights: Float64Array;
}

/** `hidden(j)` says whether key j is masked for this query (causal mask, padding). */
export function queryKeySteps(q: ArrayLike<number>, keys: ArrayLike<number>, dK: number, nk: number, hidden: (j: number) => boolean = () => false): QueryKeySteps {
  const products = new Float64Array(nk * dK);
  const dots = new Float64Array(nk);
  for (let j = 0; j < nk; j++) {
    let s = 0;
    for (let t = 0; t < dK; t++) {
      const p = q[t] * keys[j * dK + t];
      products[j * dK + t] = p;
      s += p;
    }
    dots[j] = s;
  }
  const scale = Math.sqrt(dK);
  const scores = dots.map((d) => d / scale);
  const masked = scores.map((s, j) => (hidden(j) ? -Infinity : s));
  let max = -Infinity;
  for (const s of masked) max = Math.max(max, s);
  const e = masked.map((s) => (s === -Infinity ? 0 : Math.exp(s - max)));
  const z = e.reduce((a, b) => a + b, 0);
  return { dK, nk, products, dots, scores, masked, weights: e.map((v) => v / z) };
}
