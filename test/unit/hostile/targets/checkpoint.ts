/**
 * Fuzz target: the checkpoint reader (inspectCheckpoint, as the extension host runs it, and
 * loadCheckpoint, as the webview does) on valid tiny checkpoints mutated where a hostile file would
 * be: config fields set to extreme values or hostile JSON, metadata, tensor entries (dtype, shape,
 * offsets, names), the weights' bits (NaN, infinities, huge values) and the raw bytes.
 */
import { inspectCheckpoint, loadCheckpoint, saveCheckpoint } from '../../../../src/model/checkpoint/checkpoint';
import { CONFIG_FIELDS, readConfig } from '../../../../src/model/checkpoint/config-validation';
import { CheckpointError, SafetensorsError } from '../../../../src/model/checkpoint/errors';
import { DTYPE_BYTES } from '../../../../src/model/checkpoint/safetensors';
import type { TransformerConfig } from '../../../../src/model/config';
import { randomParams, tinyConfig } from '../../checkpoint/helpers';
import type { FuzzTarget } from '../fuzz-target';
import { EXTREME_NUMBERS, hostileSize, type Random } from '../fuzz-random';

interface Base {
  header: Record<string, unknown>;
  data: Uint8Array;
}

/** Valid checkpoints of a few small configs, parsed once into header and data. */
const BASES: Base[] = [
  tinyConfig(),
  tinyConfig({ sharedEmbeddings: true, finalNorm: false, norm: 'pre' }),
  tinyConfig({ N: 2, dModel: 4, dFF: 8, h: 1, dK: 4, dV: 4, vocabSize: 5 }),
  tinyConfig({ N: 1, dModel: 2, dFF: 2, h: 2, dK: 1, dV: 1, vocabSize: 3, sharedEmbeddings: true }),
].flatMap((c: TransformerConfig, i) => (['F32', 'F16'] as const).map((dtype) => split(saveCheckpoint(c, randomParams(c, i + 1), { dtype, metadata: { trainedLength: String(Math.min(16, c.maxLength)) } }))));

function split(bytes: Uint8Array): Base {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>, data: bytes.slice(8 + n) };
}

function join(headerText: string, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** JSON text of a hostile value: deep (100,000 levels), huge (millions of items), long, or extreme. */
function hostileText(r: Random): string {
  const size = (small: number, large: number, huge: number): number => hostileSize(r, small, large, huge);
  switch (r.int(10)) {
    case 0: { const d = size(50, 10_000, 100_000); return '['.repeat(d) + ']'.repeat(d); }
    case 1: { const d = size(50, 10_000, 100_000); return '{"a":'.repeat(d) + '1' + '}'.repeat(d); }
    case 2: return `[${new Array(size(10, 100_000, 1_000_000)).fill('7').join(',')}]`;
    case 3: return JSON.stringify('x'.repeat(size(201, 10_000, 1_000_000)));
    case 4: return JSON.stringify(r.pick(['', '12', 'post', 'pre', 'true', '\ud800', 'NaN']));
    case 5: return r.pick(['null', 'true', 'false', '{}', '[]', '{"toString":1}']);
    default: {
      const v = r.pick(EXTREME_NUMBERS);
      return Number.isFinite(v) ? String(v) : r.pick(['1e999', '-1e999', '0']);
    }
  }
}

/** A config's JSON text with some fields set to extreme or hostile values, removed or added. */
function mutatedConfigText(config: Record<string, unknown>, r: Random): string {
  const fields = new Map<string, string>(Object.entries(config).map(([k, v]) => [k, JSON.stringify(v)]));
  const keys = [...CONFIG_FIELDS, 'trainedLength', '__proto__', 'x'.repeat(300)];
  for (let n = 1 + r.int(3); n > 0; n--) {
    const key = r.pick(keys);
    if (r.chance(0.1)) fields.delete(key);
    else if (r.chance(0.6)) fields.set(key, String(r.pick(EXTREME_NUMBERS.filter(Number.isFinite))));
    else fields.set(key, hostileText(r));
  }
  return `{${[...fields].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

const DTYPES = [...Object.keys(DTYPE_BYTES), 'f32', 'F128', ''];

/** Overwrites one element of a float tensor with a non-finite or huge value. */
function poisonWeight(entry: { dtype: string; data_offsets: [number, number] }, data: Uint8Array, r: Random): void {
  const [begin, end] = entry.data_offsets;
  const size = entry.dtype === 'F32' ? 4 : 2;
  if (end - begin < size) return;
  const at = begin + size * r.int((end - begin) / size);
  const view = new DataView(data.buffer, data.byteOffset);
  if (size === 4) view.setFloat32(at, r.pick([NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e38]), true);
  else view.setUint16(at, r.pick([0x7c00, 0xfc00, 0x7e00, 0x7bff, 0x7fff]), true);
}

function mutateEntry(entry: Record<string, unknown>, r: Random): void {
  const offsets = entry.data_offsets as number[];
  switch (r.int(7)) {
    case 0: entry.dtype = r.pick(DTYPES); break;
    case 1: (entry.shape as unknown[])[r.int((entry.shape as unknown[]).length + 1)] = r.pick(EXTREME_NUMBERS); break;
    case 2: entry.shape = r.chance(0.5) ? [] : new Array(r.pick([9, 10_000])).fill(1); break;
    case 3: offsets[r.int(2)] = r.pick(EXTREME_NUMBERS); break;
    case 4: entry.data_offsets = [offsets[1], offsets[0]]; break;
    case 5: entry.data_offsets = [offsets[0] + r.pick([-8, -4, -2, 2, 4, 8]), offsets[1] + r.pick([-8, -4, 0, 4, 8])]; break;
    default: entry[r.pick(['dtype', 'shape', 'data_offsets'])] = r.pick([null, 'F32', {}, [], 3, [0, 0, 0]]);
  }
}

/** One case: which reader runs, on which bytes. */
export interface CheckpointCase {
  inspect: boolean;
  bytes: Uint8Array;
}

function makeBytes(r: Random): Uint8Array {
  const base = r.pick(BASES);
  const header = structuredClone(base.header) as Record<string, Record<string, unknown>>;
  const data = base.data.slice();
  const metadata = header.__metadata__ as Record<string, unknown>;
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  const kind = r.int(20);
  let text: string | undefined;
  if (kind < 8) {
    metadata.config = mutatedConfigText(JSON.parse(metadata.config as string) as Record<string, unknown>, r);
  } else if (kind < 10) {
    const key = r.pick(['tied', 'format', 'trainedLength', 'config', 'extra']);
    metadata[key] = r.chance(0.3) ? r.pick(['', '0', '1', '16', '33', '1e3', '-5', '99999999999', ' 8', '8.0', '{}', '[]']) : hostileText(r);
    if (r.chance(0.2)) delete metadata[key];
    if (r.chance(0.1)) metadata[key] = r.pick([1, null, {}, []]) as never;
  } else if (kind < 14) {
    const name = r.pick(names);
    if (r.chance(0.15)) delete header[name];
    else if (r.chance(0.15)) {
      header[r.pick(['generator.weight', 'tgt_embed.weight', name.replace(/^transformer\./, ''), `${name}.x`, 'x'.repeat(10_000)])] = header[name];
      delete header[name];
    } else mutateEntry(header[name], r);
  } else if (kind < 17) {
    for (let n = 1 + r.int(3); n > 0; n--) poisonWeight(header[r.pick(names)] as never, data, r);
  } else if (kind < 18) {
    text = r.chance(0.5) ? hostileText(r) : `{"__metadata__":${hostileText(r)}}`;
  } else {
    // Raw bytes: the header length, a truncation, or a byte of the header overwritten.
    const bytes = join(JSON.stringify(header), data);
    const view = new DataView(bytes.buffer);
    const edit = r.int(3);
    if (edit === 0) view.setUint32(r.pick([0, 4]), r.pick([0, 1, 7, 2 ** 31, 2 ** 32 - 1, bytes.length, bytes.length - 7]), true);
    else if (edit === 1) return bytes.slice(0, r.int(bytes.length));
    else bytes[8 + r.int(bytes.length - 8)] = r.int(256);
    return bytes;
  }
  return join(text ?? JSON.stringify(header), data);
}

export const checkpointTarget: FuzzTarget<CheckpointCase> = {
  name: 'checkpoint loader',
  make: (r) => ({ inspect: r.chance(0.5), bytes: makeBytes(r) }),
  run({ inspect, bytes }) {
    if (inspect) {
      const c = inspectCheckpoint(bytes);
      readConfig(c.config);
      if (c.trainedLength !== undefined && !(c.trainedLength >= 1 && c.trainedLength <= c.config.maxLength)) throw new Error('trainedLength out of range');
      return;
    }
    const c = loadCheckpoint(bytes);
    for (const [name, t] of c.params) {
      if (t.data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new Error(`${name}: data does not match its shape`);
      if (!t.data.every(Number.isFinite)) throw new Error(`${name}: a non-finite weight was loaded`);
    }
  },
  allowed: (e) => e instanceof SafetensorsError || e instanceof CheckpointError,
};
