/**
 * The model's parameters, named and shaped as in `torch.nn.Transformer`'s state_dict (the checkpoint
 * layout, docs/checkpoint-format.md): what a configuration needs, their totals, and their checks.
 * Plain arrays, no tfjs: the accounting, the checkpoint reader and the training script use them.
 */
import type { TransformerConfig } from './config';

/** One named weight tensor in float32, row-major. */
export interface ParameterTensor {
  shape: number[];
  data: Float32Array;
}

/** All weights of a model, keyed by their torch.nn.Transformer state_dict names (docs/checkpoint-format.md). */
export type Parameters = Map<string, ParameterTensor>;

/** Which part of the paper a parameter belongs to, for accounting and display. */
export type ParameterGroup =
  | 'embeddings'
  | 'encoder.self_attn'
  | 'encoder.feed_forward'
  | 'encoder.norm'
  | 'decoder.self_attn'
  | 'decoder.cross_attn'
  | 'decoder.feed_forward'
  | 'decoder.norm'
  | 'generator';

export interface ParameterSpec {
  name: string;
  shape: number[];
  group: ParameterGroup;
  /** Stack layer index, when the parameter belongs to one. */
  layer?: number;
}

/** Names whose tensor is the same as `src_embed.weight` when embeddings are shared (paper 3.4). */
export const TIED_TO_SOURCE_EMBEDDING = ['tgt_embed.weight', 'generator.weight'] as const;

function attention(prefix: string, c: TransformerConfig, group: ParameterGroup, layer: number): ParameterSpec[] {
  const qkv = c.h * c.dK * 2 + c.h * c.dV;
  return [
    { name: `${prefix}.in_proj_weight`, shape: [qkv, c.dModel], group, layer },
    { name: `${prefix}.in_proj_bias`, shape: [qkv], group, layer },
    { name: `${prefix}.out_proj.weight`, shape: [c.dModel, c.h * c.dV], group, layer },
    { name: `${prefix}.out_proj.bias`, shape: [c.dModel], group, layer },
  ];
}

function feedForward(prefix: string, c: TransformerConfig, group: ParameterGroup, layer: number): ParameterSpec[] {
  return [
    { name: `${prefix}.linear1.weight`, shape: [c.dFF, c.dModel], group, layer },
    { name: `${prefix}.linear1.bias`, shape: [c.dFF], group, layer },
    { name: `${prefix}.linear2.weight`, shape: [c.dModel, c.dFF], group, layer },
    { name: `${prefix}.linear2.bias`, shape: [c.dModel], group, layer },
  ];
}

function layerNorm(prefix: string, c: TransformerConfig, group: ParameterGroup, layer?: number): ParameterSpec[] {
  return [
    { name: `${prefix}.weight`, shape: [c.dModel], group, layer },
    { name: `${prefix}.bias`, shape: [c.dModel], group, layer },
  ];
}

/**
 * Every parameter a model of this configuration has, in a stable order, with its expected shape.
 * Tied parameters (shared embeddings) are listed once, under `src_embed.weight`.
 */
export function parameterSpecs(c: TransformerConfig): ParameterSpec[] {
  const specs: ParameterSpec[] = [{ name: 'src_embed.weight', shape: [c.vocabSize, c.dModel], group: 'embeddings' }];
  if (!c.sharedEmbeddings) {
    specs.push({ name: 'tgt_embed.weight', shape: [c.vocabSize, c.dModel], group: 'embeddings' });
  }
  for (let i = 0; i < c.N; i++) {
    const p = `transformer.encoder.layers.${i}`;
    specs.push(...attention(`${p}.self_attn`, c, 'encoder.self_attn', i));
    specs.push(...feedForward(p, c, 'encoder.feed_forward', i));
    specs.push(...layerNorm(`${p}.norm1`, c, 'encoder.norm', i), ...layerNorm(`${p}.norm2`, c, 'encoder.norm', i));
  }
  if (c.finalNorm) specs.push(...layerNorm('transformer.encoder.norm', c, 'encoder.norm'));
  for (let i = 0; i < c.N; i++) {
    const p = `transformer.decoder.layers.${i}`;
    specs.push(...attention(`${p}.self_attn`, c, 'decoder.self_attn', i));
    specs.push(...attention(`${p}.multihead_attn`, c, 'decoder.cross_attn', i));
    specs.push(...feedForward(p, c, 'decoder.feed_forward', i));
    for (const n of ['norm1', 'norm2', 'norm3']) specs.push(...layerNorm(`${p}.${n}`, c, 'decoder.norm', i));
  }
  if (c.finalNorm) specs.push(...layerNorm('transformer.decoder.norm', c, 'decoder.norm'));
  if (!c.sharedEmbeddings) {
    specs.push({ name: 'generator.weight', shape: [c.vocabSize, c.dModel], group: 'generator' });
  }
  specs.push({ name: 'generator.bias', shape: [c.vocabSize], group: 'generator' });
  return specs;
}

/**
 * How many tensors and values {@link parameterSpecs} lists, in O(1) from the config alone, so that a
 * checkpoint's config can be checked against its file before the list (26 entries per layer) is
 * built. Float64 arithmetic: exact while the result is below 2^53, and far beyond any file otherwise.
 */
export function parameterTotals(c: TransformerConfig): { tensors: number; values: number } {
  const qkv = c.h * c.dK * 2 + c.h * c.dV;
  const attention = qkv * c.dModel + qkv + c.dModel * c.h * c.dV + c.dModel;
  const feedForward = 2 * c.dFF * c.dModel + c.dFF + c.dModel;
  const norm = 2 * c.dModel;
  const encoderLayer = attention + feedForward + 2 * norm;
  const decoderLayer = 2 * attention + feedForward + 3 * norm;
  const embeddings = (c.sharedEmbeddings ? 1 : 3) * c.vocabSize * c.dModel + c.vocabSize;
  return {
    // per layer: encoder 4 + 4 + 2·2, decoder 2·4 + 4 + 3·2; src_embed and generator.bias, final norms.
    tensors: 2 + (c.sharedEmbeddings ? 0 : 2) + 30 * c.N + (c.finalNorm ? 4 : 0),
    values: embeddings + c.N * (encoderLayer + decoderLayer) + (c.finalNorm ? 2 * norm : 0),
  };
}

/** The tensor a name refers to, following shared embeddings to `src_embed.weight`. */
export function resolveParameter(params: Parameters, c: TransformerConfig, name: string): ParameterTensor {
  const stored = c.sharedEmbeddings && (TIED_TO_SOURCE_EMBEDDING as readonly string[]).includes(name) ? 'src_embed.weight' : name;
  const t = params.get(stored);
  if (!t) throw new Error(`Missing parameter "${stored}"${stored !== name ? ` (shared with "${name}")` : ''}.`);
  return t;
}

/**
 * Everything wrong with a set of weights for this configuration: missing names, wrong shapes, data
 * lengths that do not match the shape, non-finite values. Extra names are reported too, because
 * they usually mean the checkpoint belongs to another configuration.
 */
export function parameterProblems(c: TransformerConfig, params: Parameters): string[] {
  const problems: string[] = [];
  const specs = parameterSpecs(c);
  const expected = new Set(specs.map((s) => s.name));
  for (const spec of specs) {
    const t = params.get(spec.name);
    if (!t) {
      problems.push(`Missing parameter "${spec.name}" of shape [${spec.shape.join(', ')}].`);
      continue;
    }
    if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i])) {
      problems.push(`Parameter "${spec.name}" has shape [${t.shape.join(', ')}], expected [${spec.shape.join(', ')}] for this config.`);
      continue;
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== size) {
      problems.push(`Parameter "${spec.name}" holds ${t.data.length} values, its shape [${spec.shape.join(', ')}] needs ${size}.`);
      continue;
    }
    for (let i = 0; i < t.data.length; i++) {
      if (!Number.isFinite(t.data[i])) {
        problems.push(`Parameter "${spec.name}" has a non-finite value (${t.data[i]}) at flat index ${i}.`);
        break;
      }
    }
  }
  for (const name of params.keys()) {
    if (!expected.has(name)) {
      const tied = c.sharedEmbeddings && (TIED_TO_SOURCE_EMBEDDING as readonly string[]).includes(name);
      if (!tied) {
        problems.push(`Unexpected parameter "${name}": not part of a model with this config.`);
      } else if (!sameValues(params.get(name), params.get('src_embed.weight'))) {
        // An alias of the shared matrix is harmless; a different matrix would be silently ignored.
        problems.push(`Parameter "${name}" differs from "src_embed.weight" but sharedEmbeddings is true: store the shared matrix once, or set sharedEmbeddings to false.`);
      }
    }
  }
  return problems;
}

function sameValues(a: ParameterTensor | undefined, b: ParameterTensor | undefined): boolean {
  if (!a || !b) return false;
  if (a === b || a.data === b.data) return true;
  if (a.data.length !== b.data.length || a.shape.join() !== b.shape.join()) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** Throws an Error listing every problem of {@link parameterProblems}; returns when the weights fit the configuration. */
export function validateParameters(c: TransformerConfig, params: Parameters): void {
  const problems = parameterProblems(c, params);
  if (problems.length > 0) {
    throw new Error(problems.length === 1 ? problems[0] : `${problems.length} problems with the parameters:\n- ${problems.join('\n- ')}`);
  }
}
