/**
 * Reader and writer of the safetensors format (https://github.com/huggingface/safetensors) on plain
 * `Uint8Array`s, so the same code runs in Node, in the webview and in tests (no file system here).
 *
 * Layout: 8-byte little-endian u64 `N`, then `N` bytes of UTF-8 JSON (the header), then the data.
 * The header maps each tensor name to `{dtype, shape, data_offsets: [begin, end]}` (offsets relative
 * to the start of the data) and may hold `__metadata__`, a map from strings to strings.
 *
 * The reader treats the buffer as untrusted: every size it reads is checked against the real buffer
 * length before anything is allocated from it, and every violation is a {@link SafetensorsError}
 * naming the tensor and field at fault. As in the reference (Rust) implementation, the tensors must
 * tile the data exactly: no overlaps, no holes, no trailing bytes.
 */
import { quote, SafetensorsError, shapeText } from './errors';
import { shortMessage } from '../value-preview';
import { bfloat16BitsToFloat32Bits, float32BitsToHalfBits, halfBitsToFloat32Bits } from './float16';

/** Element types of the safetensors specification and their sizes in bytes. */
export const DTYPE_BYTES = Object.freeze({
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
});

/** An element type named by the safetensors specification. */
export type SafetensorsDtype = keyof typeof DTYPE_BYTES;

/** The element types this reader converts to float32. */
export type FloatDtype = 'F32' | 'F16' | 'BF16';

/** The element types this writer produces. */
export type WritableDtype = 'F32' | 'F16';

/** Largest header accepted by default (the reference implementation's bound). */
export const MAX_HEADER_BYTES = 100_000_000;

/** One tensor as described by the header (offsets are relative to the start of the data). */
export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** `[begin, end)` in bytes, relative to {@link SafetensorsHeader.dataStart}. */
  dataOffsets: [number, number];
}

/** A validated header. */
export interface SafetensorsHeader {
  /** `__metadata__`, or an empty object when the file has none. */
  metadata: Record<string, string>;
  /** Tensors in header order. */
  entries: SafetensorsEntry[];
  /** Offset of the data in the file (8 + header length). */
  dataStart: number;
}

/** One decoded tensor. `dtype` is what the file stored; `data` is always float32, row-major. */
export interface SafetensorsTensor {
  dtype: FloatDtype;
  shape: number[];
  data: Float32Array;
}

/** A decoded file. */
export interface SafetensorsFile {
  metadata: Record<string, string>;
  /** Tensors in header order. */
  tensors: Map<string, SafetensorsTensor>;
}

/** Options of {@link readSafetensorsHeader} and {@link readSafetensors}. */
export interface ReadSafetensorsOptions {
  /** Largest header accepted, in bytes (default {@link MAX_HEADER_BYTES}). */
  maxHeaderBytes?: number;
}

/** A tensor to write: its shape and its values in row-major order. */
export interface TensorToWrite {
  shape: readonly number[];
  data: ArrayLike<number>;
}

/** Options of {@link writeSafetensors}. */
export interface WriteSafetensorsOptions {
  /** Element type of every tensor (default `F32`); `F16` rounds to nearest, ties to even. */
  dtype?: WritableDtype;
  /** Written as `__metadata__`; values must be strings, as the format requires. */
  metadata?: Readonly<Record<string, string>>;
}

const METADATA_KEY = '__metadata__';
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDtype(value: string): value is SafetensorsDtype {
  return Object.prototype.hasOwnProperty.call(DTYPE_BYTES, value);
}

/** Product of a validated shape, or Infinity once it cannot be exact (caught by the size check). */
function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return Number.isSafeInteger(n) ? n : Infinity;
}

function readHeaderLength(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  // u64 as two u32s: exact below 2^53, and anything larger is rejected by the bounds below anyway.
  return view.getUint32(4, true) * 0x1_0000_0000 + view.getUint32(0, true);
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new SafetensorsError(`"${METADATA_KEY}" must be an object of strings, not ${describe(value)}.`);
  const metadata: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new SafetensorsError(`"${METADATA_KEY}" value ${quote(key)} must be a string, not ${describe(v)}.`);
    }
    Object.defineProperty(metadata, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return metadata;
}

function parseEntry(name: string, value: unknown, dataLength: number): SafetensorsEntry {
  const where = `tensor ${quote(name)}`;
  if (!isObject(value)) throw new SafetensorsError(`${where} must be an object, not ${describe(value)}.`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string') throw new SafetensorsError(`${where}: "dtype" must be a string, not ${describe(dtype)}.`);
  if (!isDtype(dtype)) {
    throw new SafetensorsError(`${where}: unknown dtype ${quote(dtype)} (known: ${Object.keys(DTYPE_BYTES).join(', ')}).`);
  }
  if (!Array.isArray(shape)) throw new SafetensorsError(`${where}: "shape" must be an array, not ${describe(shape)}.`);
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new SafetensorsError(`${where}: "shape"[${i}] must be a non-negative integer, not ${describe(d)}.`);
    }
  });
  if (!Array.isArray(offsets) || offsets.length !== 2) {
    throw new SafetensorsError(`${where}: "data_offsets" must be an array [begin, end], not ${describe(offsets)}${Array.isArray(offsets) ? ` of length ${offsets.length}` : ''}.`);
  }
  offsets.forEach((o: unknown, i) => {
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) {
      throw new SafetensorsError(`${where}: "data_offsets"[${i}] must be a non-negative integer, not ${describe(o)}.`);
    }
  });
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw new SafetensorsError(`${where}: "data_offsets" [${begin}, ${end}] end before they begin.`);
  const expected = elementCount(shape as number[]) * DTYPE_BYTES[dtype];
  if (end - begin !== expected) {
    throw new SafetensorsError(
      `${where}: "data_offsets" [${begin}, ${end}] span ${end - begin} bytes but shape ${shapeText(shape as number[])} of ${dtype} needs ${expected === Infinity ? 'more than 2^53' : expected}.`,
    );
  }
  if (end > dataLength) {
    throw new SafetensorsError(`${where}: "data_offsets" [${begin}, ${end}] reach beyond the data (${dataLength} bytes): the file is truncated or the offsets are wrong.`);
  }
  return { name, dtype, shape: shape as number[], dataOffsets: [begin, end] };
}

/** Rejects overlaps, holes and trailing bytes: the tensors must tile the data exactly. */
function checkTiling(entries: readonly SafetensorsEntry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let covered = 0;
  let last: SafetensorsEntry | undefined;
  for (const e of sorted) {
    const [begin, end] = e.dataOffsets;
    if (begin < covered) {
      throw new SafetensorsError(
        `tensor ${quote(e.name)}: "data_offsets" [${begin}, ${end}] overlap tensor ${quote(last!.name)} [${last!.dataOffsets[0]}, ${last!.dataOffsets[1]}].`,
      );
    }
    if (begin > covered) throw new SafetensorsError(`data bytes [${covered}, ${begin}) before tensor ${quote(e.name)} belong to no tensor (the format forbids holes).`);
    covered = end;
    if (end > begin || !last) last = e;
  }
  if (covered !== dataLength) {
    throw new SafetensorsError(`the data has ${dataLength} bytes but the tensors cover only ${covered}: ${dataLength - covered} trailing bytes belong to no tensor.`);
  }
}

/**
 * Reads and validates the header of a safetensors file without decoding any tensor.
 * @throws SafetensorsError naming the field at fault when the buffer is not a valid file.
 */
export function readSafetensorsHeader(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsHeader {
  const maxHeader = options.maxHeaderBytes ?? MAX_HEADER_BYTES;
  if (bytes.length < 8) throw new SafetensorsError(`file too short: ${bytes.length} bytes, but the header length alone takes 8.`);
  const n = readHeaderLength(bytes);
  if (n > maxHeader) throw new SafetensorsError(`header length ${n} bytes is above the limit of ${maxHeader} bytes.`);
  if (n > bytes.length - 8) {
    throw new SafetensorsError(`header length ${n} bytes is larger than the rest of the file (${bytes.length - 8} bytes): the file is truncated or not safetensors.`);
  }
  if (n === 0) throw new SafetensorsError('header is empty (length 0).');
  const headerBytes = bytes.subarray(8, 8 + n);
  if (headerBytes[0] !== 0x7b) throw new SafetensorsError('header must be a JSON object starting with "{".');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsError('header is not valid UTF-8.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`header is not valid JSON: ${shortMessage(e)}`);
  }
  if (!isObject(json)) throw new SafetensorsError(`header must be a JSON object, not ${describe(json)}.`);
  const dataLength = bytes.length - 8 - n;
  const metadata = parseMetadata(json[METADATA_KEY]);
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name !== METADATA_KEY) entries.push(parseEntry(name, value, dataLength));
  }
  checkTiling(entries, dataLength);
  return { metadata, entries, dataStart: 8 + n };
}

/** True for the element types {@link decodeTensor} converts to float32. */
export function isFloatDtype(dtype: SafetensorsDtype): dtype is FloatDtype {
  return dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

/**
 * Refuses an entry whose dtype cannot be read as float32.
 * @throws SafetensorsError naming the tensor.
 */
export function requireFloat(entry: SafetensorsEntry): void {
  if (!isFloatDtype(entry.dtype)) {
    throw new SafetensorsError(`tensor ${quote(entry.name)} has dtype ${entry.dtype}; only F32, F16 and BF16 can be read as float32.`);
  }
}

/** Exponent bits, all ones for infinities and NaN, of each float dtype (little-endian words). */
const EXPONENT_MASK: Record<FloatDtype, number> = { F32: 0x7f80_0000, F16: 0x7c00, BF16: 0x7f80 };

/**
 * Index of the first infinity or NaN of a float tensor, read from its bits in place (nothing is
 * decoded or allocated, so a host can check a 2 GB file it will not run), or -1 when all are finite.
 */
export function firstNonFinite(bytes: Uint8Array, header: SafetensorsHeader, entry: SafetensorsEntry): number {
  requireFloat(entry);
  const dtype = entry.dtype as FloatDtype;
  const size = DTYPE_BYTES[dtype];
  const begin = bytes.byteOffset + header.dataStart + entry.dataOffsets[0];
  const count = (entry.dataOffsets[1] - entry.dataOffsets[0]) / size;
  const mask = EXPONENT_MASK[dtype];
  if (LITTLE_ENDIAN && begin % size === 0) {
    const words = size === 4 ? new Uint32Array(bytes.buffer, begin, count) : new Uint16Array(bytes.buffer, begin, count);
    for (let i = 0; i < count; i++) if ((words[i] & mask) === mask) return i;
    return -1;
  }
  const view = new DataView(bytes.buffer, begin, count * size);
  for (let i = 0; i < count; i++) {
    const word = size === 4 ? view.getUint32(4 * i, true) : view.getUint16(2 * i, true);
    if ((word & mask) === mask) return i;
  }
  return -1;
}

/** Elements `[start, start + count)` of a tensor, as an entry of their own (flat, shape `[count]`). */
export function sliceEntry(entry: SafetensorsEntry, start: number, count: number): SafetensorsEntry {
  const size = DTYPE_BYTES[entry.dtype];
  const begin = entry.dataOffsets[0] + start * size;
  return { name: entry.name, dtype: entry.dtype, shape: [count], dataOffsets: [begin, begin + count * size] };
}

/** The value of element `index` of a float tensor (for messages about it). */
export function elementValue(bytes: Uint8Array, header: SafetensorsHeader, entry: SafetensorsEntry, index: number): number {
  return decodeTensor(bytes, header, sliceEntry(entry, index, 1))[0];
}

/**
 * Converts one tensor of a validated header to float32.
 * @throws SafetensorsError when its dtype is not F32, F16 or BF16.
 */
export function decodeTensor(bytes: Uint8Array, header: SafetensorsHeader, entry: SafetensorsEntry): Float32Array {
  requireFloat(entry);
  const begin = header.dataStart + entry.dataOffsets[0];
  const end = header.dataStart + entry.dataOffsets[1];
  const raw = bytes.subarray(begin, end);
  const count = (end - begin) / DTYPE_BYTES[entry.dtype];
  const out = new Float32Array(count);
  if (entry.dtype === 'F32') {
    if (LITTLE_ENDIAN) {
      new Uint8Array(out.buffer).set(raw); // copy: the source need not be 4-byte aligned
    } else {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
    }
    return out;
  }
  const bits = new Uint32Array(out.buffer);
  const convert = entry.dtype === 'F16' ? halfBitsToFloat32Bits : bfloat16BitsToFloat32Bits;
  for (let i = 0; i < count; i++) bits[i] = convert(raw[2 * i] | (raw[2 * i + 1] << 8));
  return out;
}

/**
 * Reads a whole safetensors file, converting every tensor to float32.
 * @throws SafetensorsError naming the tensor or field at fault.
 */
export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsFile {
  const header = readSafetensorsHeader(bytes, options);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of header.entries) {
    const data = decodeTensor(bytes, header, entry);
    tensors.set(entry.name, { dtype: entry.dtype as FloatDtype, shape: entry.shape, data });
  }
  return { metadata: header.metadata, tensors };
}

/**
 * Writes tensors (in the given order) as a safetensors file. The header is padded with spaces to a
 * multiple of 8 bytes so the data is 8-byte aligned, as the format recommends.
 * @throws SafetensorsError for a reserved or repeated name, a bad shape or a data length that does not match it.
 */
export function writeSafetensors(
  tensors: Iterable<readonly [string, TensorToWrite]>,
  options: WriteSafetensorsOptions = {},
): Uint8Array {
  const dtype = options.dtype ?? 'F32';
  if (dtype !== 'F32' && dtype !== 'F16') throw new SafetensorsError(`cannot write dtype ${JSON.stringify(dtype)}; use F32 or F16.`);
  const size = DTYPE_BYTES[dtype];
  const header: Record<string, unknown> = {};
  if (options.metadata) {
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.metadata)) {
      if (typeof v !== 'string') throw new SafetensorsError(`metadata value ${quote(k)} must be a string, not ${describe(v)}.`);
      Object.defineProperty(metadata, k, { value: v, enumerable: true });
    }
    header[METADATA_KEY] = metadata;
  }
  const list: Array<readonly [string, TensorToWrite]> = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === METADATA_KEY) throw new SafetensorsError(`"${METADATA_KEY}" is reserved and cannot name a tensor.`);
    if (Object.prototype.hasOwnProperty.call(header, name)) throw new SafetensorsError(`tensor ${quote(name)} is given twice.`);
    t.shape.forEach((d, i) => {
      if (!Number.isSafeInteger(d) || d < 0) throw new SafetensorsError(`tensor ${quote(name)}: shape[${i}] must be a non-negative integer, not ${d}.`);
    });
    const count = elementCount(t.shape);
    if (count !== t.data.length) {
      throw new SafetensorsError(`tensor ${quote(name)}: shape ${shapeText(t.shape)} has ${count} elements but the data has ${t.data.length}.`);
    }
    const bytes = count * size;
    Object.defineProperty(header, name, {
      value: { dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] },
      enumerable: true,
    });
    list.push([name, t]);
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true); // high word stays 0: a header above 4 GiB cannot be built in memory anyway
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const [, t] of list) {
    const data = t.data;
    if (dtype === 'F32') {
      for (let i = 0; i < data.length; i++, at += 4) view.setFloat32(at, data[i], true);
    } else {
      const bits = new Uint32Array(1);
      const f = new Float32Array(bits.buffer);
      for (let i = 0; i < data.length; i++, at += 2) {
        f[0] = data[i];
        view.setUint16(at, float32BitsToHalfBits(bits[0]), true);
      }
    }
  }
  return out;
}
