/**
 * Validation of a {@link TransformerConfig} read from an untrusted place (a checkpoint's metadata or
 * a caller's options): every field is checked for presence and type, and sizes for sane bounds.
 */
import { configProblems, type TransformerConfig } from '../config';
import { preview, shortMessage } from '../value-preview';
import { CheckpointError } from './errors';

/**
 * Largest `maxLength` accepted. No tensor bounds it (the positional encoding is computed), so the
 * file cannot; the table is built only for the positions a run uses (../device/weights.ts).
 */
export const MAX_SEQUENCE_LENGTH = 1 << 20;

/**
 * Most layers per stack and most heads. The other sizes are bounded by the file itself (the
 * tensors a config implies must fit in it, checked before anything is allocated), and these keep
 * what the views and the panel's messages index (layer, head) small. The paper's models have 6
 * layers and 8 or 16 heads.
 */
export const MAX_LAYERS = 1000;
export const MAX_HEADS = 1000;

type Check = (v: unknown) => string | undefined;

const positiveInteger: Check = (v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 0x7fffffff ? undefined : 'a positive integer';
const atMost = (max: number): Check => (v) =>
  positiveInteger(v) ?? ((v as number) <= max ? undefined : `a positive integer at most ${max}`);
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');

/** Every field of TransformerConfig with what it must be; the order is the order of messages. */
const FIELDS: Record<keyof TransformerConfig, Check> = {
  N: atMost(MAX_LAYERS),
  dModel: positiveInteger,
  dFF: positiveInteger,
  h: atMost(MAX_HEADS),
  dK: positiveInteger,
  dV: positiveInteger,
  vocabSize: positiveInteger,
  maxLength: atMost(MAX_SEQUENCE_LENGTH),
  norm: (v) => (v === 'post' || v === 'pre' ? undefined : '"post" or "pre"'),
  finalNorm: boolean,
  sharedEmbeddings: boolean,
  layerNormEps: (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'a positive finite number'),
  pDrop: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? undefined : 'a number in [0, 1)'),
};

/** The field names of TransformerConfig, in declaration order. */
export const CONFIG_FIELDS = Object.freeze(Object.keys(FIELDS) as Array<keyof TransformerConfig>);

/**
 * Checks that `value` is a complete TransformerConfig and returns a copy holding only its fields.
 * First every field's presence and type (all problems listed), then the model's own constraints
 * (`configProblems` of ../config, e.g. dK = dModel / h).
 * @param source Where the value came from, for messages (e.g. `metadata "config"`).
 * @returns The config, the names of unknown keys it had (ignored, for the caller to warn about), and
 *   the value itself (for optional keys that are not config fields, such as `trainedLength`).
 * @throws CheckpointError listing every missing or ill-typed field with what it must be.
 */
export function readConfig(value: unknown, source = 'config'): { config: TransformerConfig; unknownKeys: string[]; value: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckpointError(`${source} must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`);
  }
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(record, field)) {
      problems.push(`"${field}" is missing`);
      continue;
    }
    const v = record[field];
    const expected = FIELDS[field](v);
    if (expected) problems.push(`"${field}" must be ${expected}, not ${preview(v)}`);
    else config[field] = v;
  }
  if (problems.length > 0) throw new CheckpointError(`${source} is invalid: ${problems.join('; ')}.`);
  const modelProblems = configProblems(config as unknown as TransformerConfig);
  if (modelProblems.length > 0) throw new CheckpointError(`${source} is invalid: ${modelProblems.join(' ')}`);
  const unknownKeys = Object.keys(record).filter((k) => !(CONFIG_FIELDS as readonly string[]).includes(k));
  return { config: config as unknown as TransformerConfig, unknownKeys, value: record };
}

/** Parses and validates a config stored as JSON text (a checkpoint's `config` metadata). */
export function parseConfigJson(text: string, source = 'metadata "config"'): ReturnType<typeof readConfig> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`${source} is not valid JSON: ${shortMessage(e)}`);
  }
  return readConfig(value, source);
}

/** Names of the fields on which two configs differ. */
export function configDifferences(a: TransformerConfig, b: TransformerConfig): Array<keyof TransformerConfig> {
  return CONFIG_FIELDS.filter((f) => a[f] !== b[f]);
}

/** Metadata key (and optional config key) of the longest sequence a model was trained on. */
export const TRAINED_LENGTH_KEY = 'trainedLength';

/**
 * Reads `trainedLength`: absent, or a positive integer at most `maxLength` (a decimal string in the
 * metadata, whose values are strings; a number inside the config JSON).
 * @throws CheckpointError naming the key and the bound.
 */
export function readTrainedLength(value: unknown, maxLength: number, source: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= maxLength) return n;
  throw new CheckpointError(
    `${source} must be a positive integer at most maxLength (${maxLength}), the longest sequence the model was trained on; not ${preview(value)}.`,
  );
}
