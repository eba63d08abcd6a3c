/**
 * The numbers of the tour's cost step (paper, section 4 and Table 1) for a given model at a given
 * sequence length, computed with the same accounting the panel's Model view uses
 * (src/model/accounting.ts), as a Markdown block that make-media.ts writes into 6-cost.md.
 */
import { forwardMultiplyAdds, table1 } from '../../src/model/accounting';
import type { TransformerConfig } from '../../src/model/config';

/** The Model view's example kernel width and neighbourhood for Table 1 (webview/views/model). */
export const KERNEL_WIDTH = 3;
export const NEIGHBOURHOOD = 16;

/** 1234567 -> "1,234,567" (no Intl: the output must not depend on the machine's locale data). */
export function grouped(x: number): string {
  const [int, frac] = String(x).split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

export interface CostFigures {
  n: number;
  d: number;
  selfAttention: number;
  recurrent: number;
  convolutional: number;
  restricted: number;
  convolutionalPath: number;
  restrictedPath: number;
  /** Attention weights of one forward pass: h·n² for each of the N encoder and 2N decoder attentions. */
  attentionWeights: number;
  /** Multiply-adds of one forward pass with n source and n target tokens. */
  multiplyAdds: number;
  /** The part of those that are Q·Kᵀ and weights·V (the terms that grow with n²). */
  quadraticMultiplyAdds: number;
}

export function costFigures(c: TransformerConfig, n: number): CostFigures {
  const d = c.dModel;
  const [self, recurrent, conv, restricted] = table1(n, d, KERNEL_WIDTH, NEIGHBOURHOOD);
  const f = forwardMultiplyAdds(c, n, n);
  const quadratic = (a: { scores: number; weightedValues: number }) => a.scores + a.weightedValues;
  return {
    n,
    d,
    selfAttention: self.complexityPerLayer.value,
    recurrent: recurrent.complexityPerLayer.value,
    convolutional: conv.complexityPerLayer.value,
    restricted: restricted.complexityPerLayer.value,
    convolutionalPath: conv.maximumPathLength.value,
    restrictedPath: restricted.maximumPathLength.value,
    attentionWeights: 3 * c.N * c.h * n * n,
    multiplyAdds: f.total,
    quadraticMultiplyAdds:
      c.N * (quadratic(f.encoderLayer.selfAttention) + quadratic(f.decoderLayer.selfAttention) + quadratic(f.decoderLayer.crossAttention)),
  };
}

export function costMarkdown(c: TransformerConfig, n: number): string {
  const f = costFigures(c, n);
  const ratio = f.selfAttention / f.recurrent;
  const mb = (f.attentionWeights * 4) / 1e6;
  const share = Math.round((100 * f.quadraticMultiplyAdds) / f.multiplyAdds);
  return [
    `**At n = ${grouped(n)} tokens, for the shipped model** (d = d_model = ${d(c)}, h = ${c.h}, N = ${c.N}; k = ${KERNEL_WIDTH} and r = ${NEIGHBOURHOOD}, as in the panel):`,
    '',
    `| layer type | per layer | at n = ${grouped(n)} | sequential operations | maximum path length |`,
    '|---|---|---:|---|---|',
    `| self-attention | O(n²·d) | ${grouped(f.selfAttention)} | O(1) | O(1) |`,
    `| recurrent | O(n·d²) | ${grouped(f.recurrent)} | O(n) = ${grouped(n)} | O(n) = ${grouped(n)} |`,
    `| convolutional | O(k·n·d²) | ${grouped(f.convolutional)} | O(1) | O(log_k n) ≈ ${f.convolutionalPath.toFixed(1)} |`,
    `| self-attention (restricted) | O(r·n·d) | ${grouped(f.restricted)} | O(1) | O(n/r) = ${grouped(f.restrictedPath)} |`,
    '',
    `- A self-attention layer does n/d = ${ratio} times the work of a recurrent layer here; the two are equal at n = d = ${d(c)}.`,
    `- Attention weights: h·n² = ${grouped(c.h * n * n)} per attention per layer; the encoder has one attention per layer and the decoder two, so one pass makes ${grouped(f.attentionWeights)} weights, ${mb.toFixed(0)} MB as float32. The panel keeps them all on the GPU.`,
    `- One forward pass with ${grouped(n)} source and ${grouped(n)} target tokens: ${grouped(f.multiplyAdds)} multiply-adds, ${share}% of them in Q·Kᵀ and weights·V, the terms that grow with n².`,
    `- The shipped model's positional-encoding table has maxLength = ${c.maxLength} rows, so the panel analyses at most ${c.maxLength} tokens of a selection${c.maxLength < n ? `: n = ${grouped(n)} needs a model with a longer table (your own, in the next step)` : ''}.`,
  ].join('\n');
}

const d = (c: TransformerConfig): string => grouped(c.dModel);
