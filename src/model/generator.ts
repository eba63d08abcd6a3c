/**
 * The output layer (paper, section 3.4): "the usual learned linear transformation and softmax
 * function to convert the decoder output to predicted next-token probabilities". With shared
 * embeddings its matrix is the embedding matrix.
 *
 * The vocabulary can be split into column blocks: on webgl a `[dModel, vocabSize]` matrix wider than
 * the GPU's texture limit is stored in a folded texture whose addressing makes the product several
 * times slower, so there the product and the softmax run per block.
 */
import { add, concat, div, exp, max, maximum, softmax, sub, sum, tidy, type Tensor2D } from '@tensorflow/tfjs-core';
import { disposeLinear, linear, uploadLinear, type LinearWeights } from './linear';

/** Next-token probabilities `[rows, vocabSize]` for decoder outputs `x` `[rows, dModel]`. */
export function generate(x: Tensor2D, g: GeneratorWeights): Tensor2D {
  return tidy(() => {
    if (g.blocks.length === 1) return softmax(linear(x, g.blocks[0]));
    // softmax over the whole vocabulary, assembled from the blocks: shared row maximum and sum.
    const logits = g.blocks.map((b) => linear(x, b));
    const rowMax = logits.map((l) => max(l, -1, true)).reduce((a, b) => maximum(a, b));
    const e = logits.map((l) => exp(sub(l, rowMax)));
    const total = e.map((t) => sum(t, -1, true)).reduce((a, b) => add(a, b));
    return concat(e.map((t) => div(t, total)), 1) as Tensor2D;
  });
}

/** The generator's weights as column blocks of the vocabulary, in order. */
export interface GeneratorWeights {
  readonly blocks: readonly LinearWeights[];
}

/**
 * Uploads `generator.weight` `[vocabSize, dModel]` and `generator.bias` in blocks of at most
 * `maxBlock` vocabulary entries (equal sizes, so no block is a sliver).
 */
export function uploadGenerator(weight: Float32Array, bias: Float32Array, vocabSize: number, dModel: number, maxBlock = vocabSize): GeneratorWeights {
  const count = Math.ceil(vocabSize / Math.max(1, Math.min(maxBlock, vocabSize)));
  const width = Math.ceil(vocabSize / count);
  const blocks: LinearWeights[] = [];
  for (let from = 0; from < vocabSize; from += width) {
    const w = Math.min(width, vocabSize - from);
    blocks.push(uploadLinear(weight.subarray(from * dModel, (from + w) * dModel), bias.subarray(from, from + w), w, dModel));
  }
  return { blocks };
}

/** Frees the generator's device memory. */
export function disposeGenerator(g: GeneratorWeights): void {
  g.blocks.forEach(disposeLinear);
}
