/** The sinusoidal positional-encoding table (../positional-encoding.ts) as a tensor. */
import { tensor2d, type Tensor2D } from '@tensorflow/tfjs-core';
import { sinusoidalPositionalEncoding } from '../positional-encoding';

/** The table `[length, dModel]` as a tensor (the caller owns and disposes it). */
export function positionalEncodingTensor(length: number, dModel: number): Tensor2D {
  return tensor2d(sinusoidalPositionalEncoding(length, dModel), [length, dModel]);
}
