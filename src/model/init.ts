/**
 * Deterministic initialisation of every parameter, as `torch.nn.Transformer._reset_parameters` does
 * it: Xavier/Glorot uniform for every matrix (embeddings and linear weights), biases 0, LayerNorm gain
 * 1 and bias 0. Used for random-weight models (benchmarks, walkthroughs of an untrained model).
 *
 * Each parameter draws from its own stream, derived from the seed and its name, so the values of one
 * parameter do not depend on which other parameters exist or their order.
 */
import type { TransformerConfig } from './config';
import { parameterSpecs, type ParameterSpec, type Parameters } from './parameters';
import { hashString, Prng } from './prng';

/**
 * The Xavier/Glorot uniform bound sqrt(6 / (fanIn + fanOut)) of a `[fanOut, fanIn]` matrix (PyTorch's
 * layout: for `in_proj_weight` `[3 dModel, dModel]` fanOut is 3 dModel, as in torch).
 */
export function xavierBound(shape: readonly number[]): number {
  const [fanOut, fanIn] = shape;
  return Math.sqrt(6 / (fanIn + fanOut));
}

/** The initial value tensor of one parameter. */
export function initialValues(spec: ParameterSpec, seed: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  if (spec.shape.length >= 2) {
    const a = xavierBound(spec.shape);
    const rng = new Prng(seed, hashString(spec.name));
    for (let i = 0; i < size; i++) data[i] = a * (2 * rng.nextFloat() - 1);
  } else if (/(^|\.)norm\d*\.weight$/.test(spec.name)) {
    data.fill(1);
  }
  // Every other vector is a bias: zero.
  return data;
}

/** Every parameter of `parameterSpecs(c)`, initialised from `seed` (an integer). */
export function initParameters(c: TransformerConfig, seed = 0): Parameters {
  const params: Parameters = new Map();
  for (const spec of parameterSpecs(c)) params.set(spec.name, { shape: [...spec.shape], data: initialValues(spec, seed) });
  return params;
}
