/**
 * An independent float64 reference of the whole forward pass in plain JavaScript, written straight
 * from the paper and the torch.nn.Transformer weight layout (docs/checkpoint-format.md). It shares
 * no code with src/model except the config and parameter types: no tfjs, no folded scaling, no
 * pre-transposed weights, masks applied as the paper says (-∞ before the softmax).
 * It also counts the multiply-adds of its matrix products.
 */
import type { TransformerConfig } from '../../../../src/model/config';
import type { Parameters } from '../../../../src/model/parameters';

/** A row-major float64 matrix. */
export interface Mat { rows: number; cols: number; data: Float64Array }

export interface ReferenceInput {
  src: number[][];
  tgt: number[][];
  srcPadding?: boolean[][];
  tgtPadding?: boolean[][];
}

export interface ReferenceOutput {
  /** Per layer, [B, h, nq, nk] flattened. */
  encoderSelfAttention: Float64Array[];
  decoderSelfAttention: Float64Array[];
  crossAttention: Float64Array[];
  /** [B, nTgt, vocab] flattened. */
  probabilities: Float64Array;
  /** Multiply-adds of every matrix product performed. */
  multiplyAdds: number;
}

export function referenceForward(
  c: TransformerConfig, params: Parameters, input: ReferenceInput,
  opts: { positionalEncoding?: boolean; observe?: (kind: 'encoderSelf' | 'decoderSelf' | 'cross', layer: number, b: number, x: Mat, mem: Mat) => void } = {},
): ReferenceOutput {
  let macs = 0;
  const P = (name: string): Mat => {
    const stored = c.sharedEmbeddings && (name === 'tgt_embed.weight' || name === 'generator.weight') ? 'src_embed.weight' : name;
    const t = params.get(stored);
    if (!t) throw new Error(`reference: missing ${stored}`);
    return { rows: t.shape[0], cols: t.shape.length > 1 ? t.shape[1] : 1, data: Float64Array.from(t.data) };
  };
  const vec = (name: string): Float64Array => P(name).data;

  // y = x W^T + b (PyTorch Linear), W is [out, in].
  const linear = (x: Mat, W: Mat, b: Float64Array): Mat => {
    const out = new Float64Array(x.rows * W.rows);
    for (let i = 0; i < x.rows; i++) {
      for (let o = 0; o < W.rows; o++) {
        let s = b[o];
        for (let k = 0; k < x.cols; k++) s += x.data[i * x.cols + k] * W.data[o * W.cols + k];
        out[i * W.rows + o] = s;
      }
    }
    macs += x.rows * W.rows * x.cols;
    return { rows: x.rows, cols: W.rows, data: out };
  };
  const rowsOf = (W: Mat, from: number, count: number): Mat =>
    ({ rows: count, cols: W.cols, data: W.data.slice(from * W.cols, (from + count) * W.cols) });
  const addM = (a: Mat, b: Mat): Mat => ({ rows: a.rows, cols: a.cols, data: a.data.map((v, i) => v + b.data[i]) });
  const layerNorm = (x: Mat, prefix: string): Mat => {
    const g = vec(`${prefix}.weight`);
    const be = vec(`${prefix}.bias`);
    const out = new Float64Array(x.data.length);
    for (let i = 0; i < x.rows; i++) {
      let mean = 0;
      for (let j = 0; j < x.cols; j++) mean += x.data[i * x.cols + j];
      mean /= x.cols;
      let v = 0;
      for (let j = 0; j < x.cols; j++) v += (x.data[i * x.cols + j] - mean) ** 2;
      v /= x.cols;
      for (let j = 0; j < x.cols; j++) out[i * x.cols + j] = ((x.data[i * x.cols + j] - mean) / Math.sqrt(v + c.layerNormEps)) * g[j] + be[j];
    }
    return { rows: x.rows, cols: x.cols, data: out };
  };

  // One sequence at a time: x is [nq, dModel], mem is [nk, dModel]; allowed(i, j) says if query i may see key j.
  const mha = (x: Mat, mem: Mat, prefix: string, allowed: (i: number, j: number) => boolean): { out: Mat; weights: Float64Array } => {
    const W = P(`${prefix}.in_proj_weight`);
    const bIn = vec(`${prefix}.in_proj_bias`);
    const d = c.dModel;
    const q = linear(x, rowsOf(W, 0, d), bIn.slice(0, d));
    const k = linear(mem, rowsOf(W, d, d), bIn.slice(d, 2 * d));
    const v = linear(mem, rowsOf(W, 2 * d, d), bIn.slice(2 * d, 3 * d));
    const nq = x.rows;
    const nk = mem.rows;
    const weights = new Float64Array(c.h * nq * nk);
    const concat = new Float64Array(nq * d);
    for (let hd = 0; hd < c.h; hd++) {
      const off = hd * c.dK;
      for (let i = 0; i < nq; i++) {
        const scores = new Float64Array(nk);
        for (let j = 0; j < nk; j++) {
          let s = 0;
          for (let t = 0; t < c.dK; t++) s += q.data[i * d + off + t] * k.data[j * d + off + t];
          scores[j] = allowed(i, j) ? s / Math.sqrt(c.dK) : -Infinity;
        }
        macs += nk * c.dK;
        const m = Math.max(...scores);
        let z = 0;
        for (let j = 0; j < nk; j++) z += Math.exp(scores[j] - m);
        for (let j = 0; j < nk; j++) weights[(hd * nq + i) * nk + j] = Math.exp(scores[j] - m) / z;
        for (let t = 0; t < c.dV; t++) {
          let s = 0;
          for (let j = 0; j < nk; j++) s += weights[(hd * nq + i) * nk + j] * v.data[j * d + off + t];
          concat[i * d + off + t] = s;
        }
        macs += nk * c.dV;
      }
    }
    return { out: linear({ rows: nq, cols: d, data: concat }, P(`${prefix}.out_proj.weight`), vec(`${prefix}.out_proj.bias`)), weights };
  };
  const ffn = (x: Mat, p: string): Mat => {
    const hdn = linear(x, P(`${p}.linear1.weight`), vec(`${p}.linear1.bias`));
    return linear({ ...hdn, data: hdn.data.map((t) => Math.max(0, t)) }, P(`${p}.linear2.weight`), vec(`${p}.linear2.bias`));
  };
  const sub = (x: Mat, f: (y: Mat) => Mat, norm: string): Mat =>
    (c.norm === 'post' ? layerNorm(addM(x, f(x)), norm) : addM(x, f(layerNorm(x, norm))));
  const pe = (pos: number, j: number): number => {
    if (opts.positionalEncoding === false) return 0;
    const i = Math.floor(j / 2);
    const angle = pos / Math.pow(10000, (2 * i) / c.dModel);
    return j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
  };
  const bottom = (ids: number[], table: Mat): Mat => {
    const data = new Float64Array(ids.length * c.dModel);
    ids.forEach((id, pos) => {
      for (let j = 0; j < c.dModel; j++) data[pos * c.dModel + j] = table.data[id * c.dModel + j] * Math.sqrt(c.dModel) + pe(pos, j);
    });
    return { rows: ids.length, cols: c.dModel, data };
  };

  const B = input.src.length;
  const nS = input.src[0].length;
  const nT = input.tgt[0].length;
  const encA = Array.from({ length: c.N }, () => new Float64Array(B * c.h * nS * nS));
  const decA = Array.from({ length: c.N }, () => new Float64Array(B * c.h * nT * nT));
  const crossA = Array.from({ length: c.N }, () => new Float64Array(B * c.h * nT * nS));
  const probabilities = new Float64Array(B * nT * c.vocabSize);
  for (let b = 0; b < B; b++) {
    const srcPad = (j: number): boolean => input.srcPadding?.[b][j] ?? false;
    const tgtPad = (j: number): boolean => input.tgtPadding?.[b][j] ?? false;
    let x = bottom(input.src[b], P('src_embed.weight'));
    for (let l = 0; l < c.N; l++) {
      const p = `transformer.encoder.layers.${l}`;
      x = sub(x, (y) => {
        opts.observe?.('encoderSelf', l, b, y, y);
        const r = mha(y, y, `${p}.self_attn`, (_i, j) => !srcPad(j));
        encA[l].set(r.weights, b * c.h * nS * nS);
        return r.out;
      }, `${p}.norm1`);
      x = sub(x, (y) => ffn(y, p), `${p}.norm2`);
    }
    const memory = c.finalNorm ? layerNorm(x, 'transformer.encoder.norm') : x;
    let y = bottom(input.tgt[b], P('tgt_embed.weight'));
    for (let l = 0; l < c.N; l++) {
      const p = `transformer.decoder.layers.${l}`;
      y = sub(y, (z) => {
        opts.observe?.('decoderSelf', l, b, z, z);
        const r = mha(z, z, `${p}.self_attn`, (i, j) => j <= i && !tgtPad(j));
        decA[l].set(r.weights, b * c.h * nT * nT);
        return r.out;
      }, `${p}.norm1`);
      y = sub(y, (z) => {
        opts.observe?.('cross', l, b, z, memory);
        const r = mha(z, memory, `${p}.multihead_attn`, (_i, j) => !srcPad(j));
        crossA[l].set(r.weights, b * c.h * nT * nS);
        return r.out;
      }, `${p}.norm2`);
      y = sub(y, (z) => ffn(z, p), `${p}.norm3`);
    }
    if (c.finalNorm) y = layerNorm(y, 'transformer.decoder.norm');
    const logits = linear(y, P('generator.weight'), vec('generator.bias'));
    for (let i = 0; i < nT; i++) {
      const row = logits.data.subarray(i * c.vocabSize, (i + 1) * c.vocabSize);
      const m = Math.max(...row);
      let z = 0;
      for (const v of row) z += Math.exp(v - m);
      for (let t = 0; t < c.vocabSize; t++) probabilities[(b * nT + i) * c.vocabSize + t] = Math.exp(row[t] - m) / z;
    }
  }
  return { encoderSelfAttention: encA, decoderSelfAttention: decA, crossAttention: crossA, probabilities, multiplyAdds: macs };
}
