/**
 * Saving and loading Transformer X-Ray checkpoints: safetensors files laid out as
 * docs/checkpoint-format.md describes (tensor names of torch.nn.Transformer's state_dict, the
 * config as JSON metadata, shared embeddings stored once).
 */
import type { TransformerConfig } from '../config';
import { parameterSpecs, TIED_TO_SOURCE_EMBEDDING, type ParameterSpec, type Parameters } from '../parameters';
import { CONFIG_FIELDS, configDifferences, parseConfigJson, readConfig } from './config-validation';
import { CheckpointError, quote, tensorName } from './errors';
import { readSafetensors, writeSafetensors, type SafetensorsTensor, type TensorToWrite, type WritableDtype } from './safetensors';

/** Value of the `format` metadata key this code writes and reads. */
export const CHECKPOINT_FORMAT = 'transformer-xray/1';

/** Metadata keys that {@link saveCheckpoint} owns. */
export const RESERVED_METADATA_KEYS = Object.freeze(['format', 'config', 'tied'] as const);

const SOURCE_EMBEDDING = 'src_embed.weight';
const TIED: readonly string[] = TIED_TO_SOURCE_EMBEDDING;
/** Problems listed in one error message before the rest are counted. */
const MAX_LISTED = 12;

/** Options of {@link saveCheckpoint}. */
export interface SaveCheckpointOptions {
  /** Element type of every tensor (default `F32`). `F16` halves the size; values round to nearest even. */
  dtype?: WritableDtype;
  /** Extra metadata (string values); `format`, `config` and `tied` are reserved. */
  metadata?: Readonly<Record<string, string>>;
}

/** Options of {@link loadCheckpoint}. */
export interface LoadCheckpointOptions {
  /**
   * The config to load with. Required when the file has no `config` metadata (a plain PyTorch
   * export); when the file has one, the two must agree on every field.
   */
  config?: TransformerConfig;
  /** Report tensors a model of the config does not have as warnings instead of failing (default false). */
  allowUnexpected?: boolean;
  /** Largest safetensors header accepted, in bytes (default 100 MB). */
  maxHeaderBytes?: number;
}

/** A loaded checkpoint. */
export interface LoadedCheckpoint {
  config: TransformerConfig;
  /** Exactly the tensors of `parameterSpecs(config)`, in that order (tied ones once, as `src_embed.weight`). */
  params: Parameters;
  /** The file's `__metadata__`, as stored. */
  metadata: Record<string, string>;
  /** Things accepted but worth telling the user (unknown config keys, ignored tensors, missing `format`). */
  warnings: string[];
}

/** Which config fields determine a parameter's shape, for error messages. */
function shapeFields(name: string): Array<keyof TransformerConfig> {
  if (/(^|\.)(src_embed|tgt_embed|generator)\.weight$/.test(name)) return ['vocabSize', 'dModel'];
  if (name === 'generator.bias') return ['vocabSize'];
  if (name.endsWith('.in_proj_weight')) return ['h', 'dK', 'dV', 'dModel'];
  if (name.endsWith('.in_proj_bias')) return ['h', 'dK', 'dV'];
  if (name.endsWith('.out_proj.weight')) return ['dModel', 'h', 'dV'];
  if (name.endsWith('.linear1.weight')) return ['dFF', 'dModel'];
  if (name.endsWith('.linear1.bias')) return ['dFF'];
  if (name.endsWith('.linear2.weight')) return ['dModel', 'dFF'];
  return ['dModel'];
}

function shapeMismatch(name: string, actual: readonly number[], spec: ParameterSpec, c: TransformerConfig): string {
  const fields = shapeFields(name).map((f) => `${f}=${c[f]}`).join(', ');
  return `tensor ${name} has shape [${actual.join(', ')}] but ${fields} expect [${spec.shape.join(', ')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} (and ${items.length - MAX_LISTED} more)` : shown;
}

function fail(title: string, problems: readonly string[]): never {
  const lines = problems.slice(0, MAX_LISTED).map((p) => `- ${p}`);
  if (problems.length > MAX_LISTED) lines.push(`- … and ${problems.length - MAX_LISTED} more`);
  throw new CheckpointError(`${title}:\n${lines.join('\n')}`);
}

/** Largest absolute difference between two equal-length arrays (NaN when a NaN differs). */
function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i])) continue;
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN;
    if (d > max) max = d;
  }
  return max;
}

/** Checks `tied` metadata: only the ties of shared embeddings exist, and only when the config shares them. */
function checkTiedMetadata(text: string | undefined, c: TransformerConfig): void {
  if (text === undefined) return;
  let tied: unknown;
  try {
    tied = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`metadata "tied" is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof tied !== 'object' || tied === null || Array.isArray(tied)) {
    throw new CheckpointError('metadata "tied" must be a JSON object {"<name stored once>": ["<name sharing it>", ...]}.');
  }
  for (const [stored, names] of Object.entries(tied)) {
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
      throw new CheckpointError(`metadata "tied" entry ${quote(stored)} must be an array of tensor names.`);
    }
    if (names.length === 0) continue;
    if (stored !== SOURCE_EMBEDDING || names.some((n) => !TIED.includes(n))) {
      throw new CheckpointError(`metadata "tied" ties ${JSON.stringify(names)} to ${quote(stored)}; only ${JSON.stringify(TIED)} may share "${SOURCE_EMBEDDING}".`);
    }
    if (!c.sharedEmbeddings) {
      throw new CheckpointError(`metadata "tied" says ${JSON.stringify(names)} share ${quote(stored)} but config.sharedEmbeddings is false.`);
    }
  }
}

/** The config a file is loaded with: its metadata's, the caller's, or both when they agree. */
function resolveConfig(metadata: Record<string, string>, options: LoadCheckpointOptions, warnings: string[]): TransformerConfig {
  const given = options.config ? readConfig(options.config, 'options.config').config : undefined;
  if (metadata.format !== undefined && metadata.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`metadata "format" is ${JSON.stringify(metadata.format)}; this version reads "${CHECKPOINT_FORMAT}".`);
  }
  if (metadata.config === undefined) {
    if (!given) {
      throw new CheckpointError(
        'the checkpoint has no "config" metadata (a plain PyTorch export?): pass the model\'s TransformerConfig as options.config to load it.',
      );
    }
    return given;
  }
  if (metadata.format === undefined) warnings.push(`metadata has a "config" but no "format"; read as "${CHECKPOINT_FORMAT}".`);
  const { config, unknownKeys } = parseConfigJson(metadata.config);
  if (unknownKeys.length > 0) warnings.push(`metadata "config" has unknown keys, ignored: ${unknownKeys.join(', ')}.`);
  if (given) {
    const diff = configDifferences(config, given);
    if (diff.length > 0) {
      throw new CheckpointError(
        `options.config differs from the checkpoint's config in ${diff.map((f) => `${f} (${JSON.stringify(given[f])} vs ${JSON.stringify(config[f])} in the file)`).join(', ')}.`,
      );
    }
  }
  return config;
}

/**
 * Serialises a model as a checkpoint (docs/checkpoint-format.md).
 * `params` must hold exactly the tensors of `parameterSpecs(config)`; with shared embeddings it may
 * also hold `tgt_embed.weight` / `generator.weight` when they equal `src_embed.weight` (stored once).
 * @throws CheckpointError for an invalid config, a missing, misshapen or unexpected tensor.
 */
export function saveCheckpoint(config: TransformerConfig, params: Parameters, options: SaveCheckpointOptions = {}): Uint8Array {
  const c = readConfig(config).config;
  const specs = parameterSpecs(c);
  const problems: string[] = [];
  const tensors: Array<[string, TensorToWrite]> = [];
  for (const spec of specs) {
    const t = params.get(spec.name);
    if (!t) problems.push(`tensor ${spec.name} is missing`);
    else if (!sameShape(t.shape, spec.shape)) problems.push(shapeMismatch(spec.name, t.shape, spec, c));
    else if (t.data.length !== spec.shape.reduce((a, b) => a * b, 1)) {
      problems.push(`tensor ${spec.name} has shape [${t.shape.join(', ')}] but ${t.data.length} values`);
    } else tensors.push([spec.name, t]);
  }
  const expected = new Set(specs.map((s) => s.name));
  const source = params.get(SOURCE_EMBEDDING);
  for (const [name, t] of params) {
    if (expected.has(name)) continue;
    if (c.sharedEmbeddings && TIED.includes(name) && source) {
      if (t.data === source.data || (t.data.length === source.data.length && maxAbsDifference(t.data, source.data) === 0)) continue;
      problems.push(`tensor ${name} differs from ${SOURCE_EMBEDDING} but config.sharedEmbeddings is true`);
    } else problems.push(`tensor ${tensorName(name)} is not a parameter of a model with this config`);
  }
  if (problems.length > 0) fail('cannot save checkpoint', problems);
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.metadata ?? {})) {
    if ((RESERVED_METADATA_KEYS as readonly string[]).includes(k)) {
      throw new CheckpointError(`metadata key "${k}" is reserved: saveCheckpoint writes it.`);
    }
    metadata[k] = v;
  }
  metadata.format = CHECKPOINT_FORMAT;
  metadata.config = JSON.stringify(Object.fromEntries(CONFIG_FIELDS.map((f) => [f, c[f]])));
  if (c.sharedEmbeddings) metadata.tied = JSON.stringify({ [SOURCE_EMBEDDING]: TIED });
  return writeSafetensors(tensors, { dtype: options.dtype, metadata });
}

/**
 * Reads and validates a checkpoint: the safetensors structure, the config, and that every tensor a
 * model of that config needs is present with the right shape.
 *
 * - Config: from the `config` metadata, or from `options.config` for a plain PyTorch export without
 *   it; when both exist they must agree.
 * - Names are strict: torch.nn.Transformer's state_dict names under `transformer.` (no other prefix).
 * - Shared embeddings: `tgt_embed.weight` / `generator.weight` may be absent, or present and equal to
 *   `src_embed.weight` (then dropped: the model keeps one matrix).
 * - Tensors a model of the config does not have are an error, or warnings with `allowUnexpected`.
 *
 * @throws SafetensorsError when the bytes are not a valid safetensors file.
 * @throws CheckpointError naming each missing, misshapen, unexpected or inconsistent tensor or field.
 */
export function loadCheckpoint(bytes: Uint8Array, options: LoadCheckpointOptions = {}): LoadedCheckpoint {
  const file = readSafetensors(bytes, { maxHeaderBytes: options.maxHeaderBytes });
  const warnings: string[] = [];
  const config = resolveConfig(file.metadata, options, warnings);
  checkTiedMetadata(file.metadata.tied, config);
  const specs = parameterSpecs(config);
  const params: Parameters = new Map();
  const problems: string[] = [];
  const missing: string[] = [];
  for (const spec of specs) {
    const t = file.tensors.get(spec.name);
    if (!t) missing.push(spec.name);
    else if (!sameShape(t.shape, spec.shape)) problems.push(shapeMismatch(spec.name, t.shape, spec, config));
    else params.set(spec.name, { shape: spec.shape, data: t.data });
  }
  if (missing.length > 0) {
    const unprefixed = [...file.tensors.keys()].find((n) => /^(encoder|decoder)\.layers\./.test(n));
    const hint = unprefixed ? ` (found ${quote(unprefixed)}: names must start with "transformer.", as in docs/checkpoint-format.md)` : '';
    problems.unshift(`missing ${missing.length} tensor(s) the config expects: ${listed(missing)}${hint}`);
  }
  const expected = new Set(specs.map((s) => s.name));
  const unexpected: string[] = [];
  for (const [name, t] of file.tensors) {
    if (expected.has(name)) continue;
    if (config.sharedEmbeddings && TIED.includes(name)) {
      problems.push(...checkTiedCopy(name, t, file.tensors.get(SOURCE_EMBEDDING), config));
    } else unexpected.push(name);
  }
  if (unexpected.length > 0) {
    const finalNorm = !config.finalNorm && unexpected.some((n) => /^transformer\.(encoder|decoder)\.norm\./.test(n));
    const message = `${unexpected.length} tensor(s) not in a model of this config: ${listed(unexpected.map(tensorName))}${finalNorm ? ' (config.finalNorm is false)' : ''}`;
    if (options.allowUnexpected) warnings.push(`ignored ${message}.`);
    else problems.push(message);
  }
  if (problems.length > 0) fail('checkpoint does not match its config', problems);
  return { config, params, metadata: file.metadata, warnings };
}

/** A stored copy of a tied matrix must equal `src_embed.weight`. */
function checkTiedCopy(name: string, t: SafetensorsTensor, source: SafetensorsTensor | undefined, c: TransformerConfig): string[] {
  const spec = { name, shape: [c.vocabSize, c.dModel], group: 'embeddings' as const };
  if (!sameShape(t.shape, spec.shape)) return [shapeMismatch(name, t.shape, spec, c)];
  if (!source || !sameShape(source.shape, spec.shape)) return []; // reported for src_embed.weight itself
  const d = maxAbsDifference(t.data, source.data);
  return d === 0 ? [] : [`tensor ${name} differs from ${SOURCE_EMBEDDING} (max |difference| ${d}) but config.sharedEmbeddings is true`];
}
