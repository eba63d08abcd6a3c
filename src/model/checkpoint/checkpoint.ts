/**
 * Saving and loading Transformer X-Ray checkpoints: safetensors files laid out as
 * docs/checkpoint-format.md describes (tensor names of torch.nn.Transformer's state_dict, the
 * config as JSON metadata, shared embeddings stored once).
 */
import type { TransformerConfig } from '../config';
import { parameterSpecs, parameterTotals, TIED_TO_SOURCE_EMBEDDING, type ParameterSpec, type Parameters } from '../parameters';
import { preview, shortMessage } from '../value-preview';
import { CONFIG_FIELDS, configDifferences, parseConfigJson, readConfig, readTrainedLength, TRAINED_LENGTH_KEY } from './config-validation';
import { CheckpointError, quote, shapeText, tensorName } from './errors';
import {
  DTYPE_BYTES, decodeTensor, elementValue, firstNonFinite, readSafetensorsHeader, requireFloat, sliceEntry, writeSafetensors,
  type SafetensorsEntry, type SafetensorsHeader, type TensorToWrite, type WritableDtype,
} from './safetensors';

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

/** A checkpoint checked in full but not decoded ({@link inspectCheckpoint}). */
export interface InspectedCheckpoint {
  config: TransformerConfig;
  /**
   * The longest sequence the model was trained on (metadata `trainedLength`), when the file says;
   * at most `config.maxLength`. Positions beyond it have embeddings the model never saw.
   */
  trainedLength?: number;
  /** The file's `__metadata__`, as stored. */
  metadata: Record<string, string>;
  /** Things accepted but worth telling the user (unknown config keys, ignored tensors, missing `format`). */
  warnings: string[];
}

/** A loaded checkpoint. */
export interface LoadedCheckpoint extends InspectedCheckpoint {
  /** Exactly the tensors of `parameterSpecs(config)`, in that order (tied ones once, as `src_embed.weight`). */
  params: Parameters;
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
  return `tensor ${name} has shape ${shapeText(actual)} but ${fields} expect [${spec.shape.join(', ')}]`;
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
    throw new CheckpointError(`metadata "tied" is not valid JSON: ${shortMessage(e)}`);
  }
  if (typeof tied !== 'object' || tied === null || Array.isArray(tied)) {
    throw new CheckpointError('metadata "tied" must be a JSON object {"<name stored once>": ["<name sharing it>", ...]}.');
  }
  for (const [stored, names] of Object.entries(tied)) {
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
      throw new CheckpointError(`metadata "tied" entry ${quote(stored)} must be an array of tensor names.`);
    }
    if (names.length === 0) continue;
    const shown = `[${listed((names as string[]).map(quote))}]`;
    if (stored !== SOURCE_EMBEDDING || names.some((n) => !TIED.includes(n))) {
      throw new CheckpointError(`metadata "tied" ties ${shown} to ${quote(stored)}; only ${JSON.stringify(TIED)} may share "${SOURCE_EMBEDDING}".`);
    }
    if (!c.sharedEmbeddings) {
      throw new CheckpointError(`metadata "tied" says ${shown} share ${quote(stored)} but config.sharedEmbeddings is false.`);
    }
  }
}

/**
 * The config a file is loaded with: its metadata's, the caller's, or both when they agree; and the
 * `trainedLength` key of the metadata's config JSON, unchecked, when it has one.
 */
function resolveConfig(metadata: Record<string, string>, options: LoadCheckpointOptions, warnings: string[]): { config: TransformerConfig; trainedLength?: unknown } {
  const given = options.config ? readConfig(options.config, 'options.config').config : undefined;
  if (metadata.format !== undefined && metadata.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`metadata "format" is ${preview(metadata.format)}; this version reads "${CHECKPOINT_FORMAT}".`);
  }
  if (metadata.config === undefined) {
    if (!given) {
      throw new CheckpointError(
        'the checkpoint has no "config" metadata (a plain PyTorch export?): pass the model\'s TransformerConfig as options.config to load it.',
      );
    }
    return { config: given };
  }
  if (metadata.format === undefined) warnings.push(`metadata has a "config" but no "format"; read as "${CHECKPOINT_FORMAT}".`);
  const { config, unknownKeys, value } = parseConfigJson(metadata.config);
  const ignored = unknownKeys.filter((k) => k !== TRAINED_LENGTH_KEY);
  if (ignored.length > 0) warnings.push(`metadata "config" has unknown keys, ignored: ${listed(ignored.map(tensorName))}.`);
  if (given) {
    const diff = configDifferences(config, given);
    if (diff.length > 0) {
      throw new CheckpointError(
        `options.config differs from the checkpoint's config in ${diff.map((f) => `${f} (${JSON.stringify(given[f])} vs ${JSON.stringify(config[f])} in the file)`).join(', ')}.`,
      );
    }
  }
  return { config, trainedLength: Object.prototype.hasOwnProperty.call(value, TRAINED_LENGTH_KEY) ? value[TRAINED_LENGTH_KEY] : undefined };
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
 * model of that config needs is present with the right shape and only finite values.
 *
 * - Config: from the `config` metadata, or from `options.config` for a plain PyTorch export without
 *   it; when both exist they must agree.
 * - Size: the config's tensor and value counts (O(1), {@link parameterTotals}) are compared with the
 *   file before the list of expected tensors is built, so a config cannot make the reader allocate
 *   more than the file's own header did.
 * - Names are strict: torch.nn.Transformer's state_dict names under `transformer.` (no other prefix).
 * - Shared embeddings: `tgt_embed.weight` / `generator.weight` may be absent, or present and equal to
 *   `src_embed.weight` (then dropped: the model keeps one matrix).
 * - Tensors a model of the config does not have are an error, or warnings with `allowUnexpected`.
 * - Values: an infinity or NaN in any tensor the model uses is an error naming the tensor.
 *
 * @throws SafetensorsError when the bytes are not a valid safetensors file.
 * @throws CheckpointError naming each missing, misshapen, unexpected, non-finite or inconsistent tensor or field.
 */
export function loadCheckpoint(bytes: Uint8Array, options: LoadCheckpointOptions = {}): LoadedCheckpoint {
  const { checked, header, matched } = checkCheckpoint(bytes, options);
  const params: Parameters = new Map();
  for (const [name, entry] of matched) params.set(name, { shape: entry.shape, data: decodeTensor(bytes, header, entry) });
  return { ...checked, params };
}

/**
 * Everything {@link loadCheckpoint} checks, without decoding the weights: what the extension host
 * runs on a user's file (it never runs the model, the webview does), so a 2 GB checkpoint costs the
 * host no memory beyond its bytes.
 * @throws as {@link loadCheckpoint}.
 */
export function inspectCheckpoint(bytes: Uint8Array, options: LoadCheckpointOptions = {}): InspectedCheckpoint {
  return checkCheckpoint(bytes, options).checked;
}

/** The checks of {@link loadCheckpoint}; returns the header entries of the expected tensors, in spec order. */
function checkCheckpoint(bytes: Uint8Array, options: LoadCheckpointOptions): {
  checked: InspectedCheckpoint; header: SafetensorsHeader; matched: Map<string, SafetensorsEntry>;
} {
  const header = readSafetensorsHeader(bytes, { maxHeaderBytes: options.maxHeaderBytes });
  header.entries.forEach(requireFloat);
  const warnings: string[] = [];
  const { config, trainedLength: inConfig } = resolveConfig(header.metadata, options, warnings);
  const trainedLength = resolveTrainedLength(header.metadata[TRAINED_LENGTH_KEY], inConfig, config);
  checkTiedMetadata(header.metadata.tied, config);
  const problems = sizeProblems(config, header.entries);
  const entries = new Map(header.entries.map((e) => [e.name, e]));
  const specs = parameterSpecs(config);
  const matched = new Map<string, SafetensorsEntry>();
  const missing: string[] = [];
  for (const spec of specs) {
    const e = entries.get(spec.name);
    if (!e) missing.push(spec.name);
    else if (!sameShape(e.shape, spec.shape)) problems.push(shapeMismatch(spec.name, e.shape, spec, config));
    else matched.set(spec.name, e);
  }
  if (missing.length > 0) {
    const unprefixed = header.entries.find((e) => /^(encoder|decoder)\.layers\./.test(e.name));
    const hint = unprefixed ? ` (found ${quote(unprefixed.name)}: names must start with "transformer.", as in docs/checkpoint-format.md)` : '';
    problems.unshift(`missing ${missing.length} tensor(s) the config expects: ${listed(missing)}${hint}`);
  }
  const expected = new Set(specs.map((s) => s.name));
  const unexpected: string[] = [];
  for (const e of header.entries) {
    if (expected.has(e.name)) continue;
    if (config.sharedEmbeddings && TIED.includes(e.name)) {
      problems.push(...checkTiedCopy(bytes, header, e, entries.get(SOURCE_EMBEDDING), config));
    } else unexpected.push(e.name);
  }
  if (unexpected.length > 0) {
    const finalNorm = !config.finalNorm && unexpected.some((n) => /^transformer\.(encoder|decoder)\.norm\./.test(n));
    const message = `${unexpected.length} tensor(s) not in a model of this config: ${listed(unexpected.map(tensorName))}${finalNorm ? ' (config.finalNorm is false)' : ''}`;
    if (options.allowUnexpected) warnings.push(`ignored ${message}.`);
    else problems.push(message);
  }
  for (const [name, e] of matched) {
    const at = firstNonFinite(bytes, header, e);
    if (at >= 0) {
      problems.push(`tensor ${name} holds ${elementValue(bytes, header, e, at)} at flat index ${at}: every weight must be a finite number (was the model exported after a diverged step, or as F16 with values beyond ±65504?)`);
    }
  }
  if (problems.length > 0) fail('checkpoint does not match its config', problems);
  const checked: InspectedCheckpoint = { config, metadata: header.metadata, warnings };
  if (trainedLength !== undefined) checked.trainedLength = trainedLength;
  return { checked, header, matched };
}

/**
 * The config against the file in O(1) per tensor of the file, before the expected list is built:
 * every tensor the config implies must be in the file with its exact shape, so the file holds at
 * least as many tensors and values. A config implying many more tensors than the header holds is
 * refused at once (listing them would cost more than the file did); a smaller mismatch is reported
 * and the list, as small as the header, then names each tensor at fault.
 */
function sizeProblems(c: TransformerConfig, entries: readonly SafetensorsEntry[]): string[] {
  const implied = parameterTotals(c);
  let values = 0;
  for (const e of entries) values += (e.dataOffsets[1] - e.dataOffsets[0]) / (e.dtype === 'F32' ? 4 : 2);
  const sizes = `N=${c.N}, dModel=${c.dModel}, dFF=${c.dFF}, h=${c.h}, vocabSize=${c.vocabSize}`;
  const summary = `the config (${sizes}) implies ${implied.tensors} tensors of ${implied.values} values in all, but the file holds ${entries.length} tensors of ${values} values`;
  if (implied.tensors > entries.length + MAX_LISTED) throw new CheckpointError(`checkpoint does not match its config: ${summary}.`);
  return implied.values > values || implied.tensors > entries.length ? [summary] : [];
}

/** `trainedLength` from the metadata (a decimal string) or the config JSON (a number); both must agree. */
function resolveTrainedLength(inMetadata: string | undefined, inConfig: unknown, c: TransformerConfig): number | undefined {
  const fromMetadata = readTrainedLength(inMetadata, c.maxLength, `metadata "${TRAINED_LENGTH_KEY}"`);
  const fromConfig = readTrainedLength(inConfig, c.maxLength, `metadata "config" key "${TRAINED_LENGTH_KEY}"`);
  if (fromMetadata !== undefined && fromConfig !== undefined && fromMetadata !== fromConfig) {
    throw new CheckpointError(`metadata "${TRAINED_LENGTH_KEY}" (${fromMetadata}) and the config's "${TRAINED_LENGTH_KEY}" (${fromConfig}) differ.`);
  }
  return fromMetadata ?? fromConfig;
}

/** A stored copy of a tied matrix must equal `src_embed.weight`. */
function checkTiedCopy(bytes: Uint8Array, header: SafetensorsHeader, e: SafetensorsEntry, source: SafetensorsEntry | undefined, c: TransformerConfig): string[] {
  const spec = { name: e.name, shape: [c.vocabSize, c.dModel], group: 'embeddings' as const };
  if (!sameShape(e.shape, spec.shape)) return [shapeMismatch(e.name, e.shape, spec, c)];
  if (!source || !sameShape(source.shape, spec.shape)) return []; // reported for src_embed.weight itself
  const d = tensorDifference(bytes, header, e, source);
  return d === 0 ? [] : [`tensor ${e.name} differs from ${SOURCE_EMBEDDING} (max |difference| ${d}) but config.sharedEmbeddings is true`];
}

/** Elements decoded at a time when two stored tensors are compared. */
const COMPARED_BLOCK = 1 << 16;

/**
 * Largest |a - b| of two stored tensors of one shape: 0 at once when their bytes are equal, else
 * decoded a block at a time, so the host never holds a decoded copy of an embedding matrix.
 */
function tensorDifference(bytes: Uint8Array, header: SafetensorsHeader, a: SafetensorsEntry, b: SafetensorsEntry): number {
  const at = (x: SafetensorsEntry): Uint8Array => bytes.subarray(header.dataStart + x.dataOffsets[0], header.dataStart + x.dataOffsets[1]);
  if (a.dtype === b.dtype && sameBytes(at(a), at(b))) return 0;
  const count = (a.dataOffsets[1] - a.dataOffsets[0]) / DTYPE_BYTES[a.dtype];
  let max = 0;
  for (let start = 0; start < count; start += COMPARED_BLOCK) {
    const n = Math.min(COMPARED_BLOCK, count - start);
    const d = maxAbsDifference(decodeTensor(bytes, header, sliceEntry(a, start, n)), decodeTensor(bytes, header, sliceEntry(b, start, n)));
    if (Number.isNaN(d)) return NaN;
    if (d > max) max = d;
  }
  return max;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
