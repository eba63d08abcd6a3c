/**
 * Checkpoints of Transformer X-Ray: the safetensors container and the checkpoint layout on top of it
 * (docs/checkpoint-format.md). Works on `Uint8Array`s only, in Node and in the webview alike.
 *
 * @example
 * ```ts
 * const bytes = saveCheckpoint(config, params, { dtype: 'F16' });
 * const { config: c, params: p, warnings } = loadCheckpoint(bytes);
 * ```
 * @packageDocumentation
 */
export {
  CHECKPOINT_FORMAT,
  RESERVED_METADATA_KEYS,
  saveCheckpoint,
  loadCheckpoint,
  inspectCheckpoint,
  type InspectedCheckpoint,
  type SaveCheckpointOptions,
  type LoadCheckpointOptions,
  type LoadedCheckpoint,
} from './checkpoint';
export {
  readConfig, parseConfigJson, configDifferences, readTrainedLength, CONFIG_FIELDS, MAX_SEQUENCE_LENGTH, MAX_LAYERS, MAX_HEADS, TRAINED_LENGTH_KEY,
} from './config-validation';
export { SafetensorsError, CheckpointError } from './errors';
export {
  DTYPE_BYTES,
  MAX_HEADER_BYTES,
  readSafetensors,
  readSafetensorsHeader,
  decodeTensor,
  firstNonFinite,
  isFloatDtype,
  writeSafetensors,
  type SafetensorsDtype,
  type FloatDtype,
  type WritableDtype,
  type SafetensorsEntry,
  type SafetensorsHeader,
  type SafetensorsTensor,
  type SafetensorsFile,
  type ReadSafetensorsOptions,
  type TensorToWrite,
  type WriteSafetensorsOptions,
} from './safetensors';
export {
  float32Bits,
  float32FromBits,
  halfBitsToFloat32Bits,
  float32BitsToHalfBits,
  bfloat16BitsToFloat32Bits,
  roundToHalf,
} from './float16';
