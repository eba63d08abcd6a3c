import * as assert from 'assert';
import { SafetensorsError } from '../../../src/model/checkpoint/errors';
import { roundToHalf } from '../../../src/model/checkpoint/float16';
import { readSafetensors, readSafetensorsHeader, writeSafetensors } from '../../../src/model/checkpoint/safetensors';
import { expectError, rawFile } from './helpers';

const SPECIALS = [0, -0, 1, -1.5, 65504, -65504, 2 ** -24, -(2 ** -24), 2 ** -14, 1023 * 2 ** -24, Infinity, -Infinity];

function headerText(bytes: Uint8Array): string {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return new TextDecoder().decode(bytes.subarray(8, 8 + n));
}

describe('checkpoint/safetensors round trips', () => {
  it('writes and reads F32 exactly, with metadata, scalars, empty tensors and special values', () => {
    const a = new Float32Array([1.5, -2.25, Math.fround(Math.PI), NaN, Infinity, -Infinity, -0, 1e-45, 3.4028234663852886e38]);
    const bytes = writeSafetensors(
      [
        ['a', { shape: [3, 3], data: a }],
        ['scalar', { shape: [], data: [42] }],
        ['empty', { shape: [0, 5], data: [] }],
        ['b.weight', { shape: [2], data: [0.1, 0.2] }],
      ],
      { metadata: { format: 'x', note: 'ünïcode ✓' } },
    );
    const file = readSafetensors(bytes);
    assert.deepStrictEqual(file.metadata, { format: 'x', note: 'ünïcode ✓' });
    assert.deepStrictEqual([...file.tensors.keys()], ['a', 'scalar', 'empty', 'b.weight']);
    const got = file.tensors.get('a')!;
    assert.deepStrictEqual(got.shape, [3, 3]);
    assert.strictEqual(got.dtype, 'F32');
    for (let i = 0; i < a.length; i++) assert.ok(Object.is(got.data[i], a[i]), `element ${i}: ${got.data[i]} != ${a[i]}`);
    assert.deepStrictEqual(Array.from(file.tensors.get('scalar')!.data), [42]);
    assert.deepStrictEqual(file.tensors.get('scalar')!.shape, []);
    assert.strictEqual(file.tensors.get('empty')!.data.length, 0);
    assert.deepStrictEqual(Array.from(file.tensors.get('b.weight')!.data), [Math.fround(0.1), Math.fround(0.2)]);
  });

  it('pads the header with spaces to a multiple of 8 and lays out data_offsets contiguously', () => {
    const bytes = writeSafetensors([['x', { shape: [3], data: [1, 2, 3] }], ['y', { shape: [1], data: [4] }]]);
    const n = new DataView(bytes.buffer).getUint32(0, true);
    assert.strictEqual(n % 8, 0);
    assert.strictEqual(new DataView(bytes.buffer).getUint32(4, true), 0);
    const text = headerText(bytes);
    assert.match(text, /^\{.*\} *$/);
    const header = JSON.parse(text);
    assert.deepStrictEqual(header.x, { dtype: 'F32', shape: [3], data_offsets: [0, 12] });
    assert.deepStrictEqual(header.y, { dtype: 'F32', shape: [1], data_offsets: [12, 16] });
    assert.strictEqual(bytes.length, 8 + n + 16);
    assert.strictEqual(new DataView(bytes.buffer).getFloat32(8 + n + 12, true), 4); // little-endian data
  });

  it('writes the same bytes as the reference (Rust) implementation in its own test vectors', () => {
    // safetensors/src/tensor.rs: test_empty and test_serialization_forced_alignement.
    assert.deepStrictEqual(Array.from(writeSafetensors([])), [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    const withMetadata = writeSafetensors([], { metadata: { framework: 'pt' } });
    assert.deepStrictEqual(Array.from(withMetadata.subarray(0, 8)), [40, 0, 0, 0, 0, 0, 0, 0]);
    assert.strictEqual(headerText(withMetadata), '{"__metadata__":{"framework":"pt"}}     ');
    const aligned = writeSafetensors([['attn0', { shape: [1, 1, 2, 3], data: [0, 1, 2, 3, 4, 5] }]]);
    assert.deepStrictEqual(Array.from(aligned.subarray(0, 8)), [72, 0, 0, 0, 0, 0, 0, 0]);
    assert.strictEqual(headerText(aligned), '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ');
    assert.deepStrictEqual(Array.from(aligned.subarray(80, 88)), [0, 0, 0, 0, 0, 0, 128, 63]);
  });

  it('writes F16 rounded to nearest even and reads back the rounded values, specials included', () => {
    const values = [...SPECIALS, 0.1, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 65520, 1e-8, 3 * 2 ** -25, NaN];
    const bytes = writeSafetensors([['t', { shape: [values.length], data: values }]], { dtype: 'F16' });
    const t = readSafetensors(bytes).tensors.get('t')!;
    assert.strictEqual(t.dtype, 'F16');
    assert.strictEqual(bytes.length, 8 + new DataView(bytes.buffer).getUint32(0, true) + 2 * values.length);
    values.forEach((v, i) => {
      if (Number.isNaN(v)) assert.ok(Number.isNaN(t.data[i]));
      else assert.ok(Object.is(t.data[i], roundToHalf(v)), `${v}: got ${t.data[i]}, want ${roundToHalf(v)}`);
    });
    SPECIALS.forEach((v, i) => assert.ok(Object.is(t.data[i], v), `${v} is exact in F16`));
    assert.strictEqual(t.data[SPECIALS.length], roundToHalf(0.1));
    assert.strictEqual(t.data[SPECIALS.length + 1], 1);
    assert.strictEqual(t.data[SPECIALS.length + 2], 1 + 2 ** -9);
    assert.strictEqual(t.data[SPECIALS.length + 3], Infinity);
  });

  it('decodes hand-made BF16 and F16 bytes', () => {
    // BF16: 1, -3.140625, +inf, 2^-133 (subnormal); F16: 1, 2^-24 (subnormal), -inf, NaN
    const data = new Uint8Array([0x80, 0x3f, 0x49, 0xc0, 0x80, 0x7f, 0x01, 0x00, 0x00, 0x3c, 0x01, 0x00, 0x00, 0xfc, 0x00, 0x7e]);
    const bytes = rawFile({ b: { dtype: 'BF16', shape: [2, 2], data_offsets: [0, 8] }, h: { dtype: 'F16', shape: [4], data_offsets: [8, 16] } }, data);
    const file = readSafetensors(bytes);
    assert.deepStrictEqual(Array.from(file.tensors.get('b')!.data), [1, -3.140625, Infinity, 2 ** -133]);
    assert.strictEqual(file.tensors.get('b')!.dtype, 'BF16');
    const h = Array.from(file.tensors.get('h')!.data);
    assert.deepStrictEqual(h.slice(0, 3), [1, 2 ** -24, -Infinity]);
    assert.ok(Number.isNaN(h[3]));
    assert.deepStrictEqual(file.metadata, {});
  });

  it('reads F32 from a buffer that is not 4-byte aligned', () => {
    const bytes = writeSafetensors([['x', { shape: [2], data: [1.25, -7] }]]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    assert.deepStrictEqual(Array.from(readSafetensors(shifted.subarray(1)).tensors.get('x')!.data), [1.25, -7]);
  });

  it('accepts a header of another writer: unpadded, null metadata, tensors out of offset order', () => {
    const data = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const bytes = rawFile({ __metadata__: null, late: { dtype: 'F32', shape: [1], data_offsets: [8, 12] }, early: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, data);
    const file = readSafetensors(bytes);
    assert.deepStrictEqual(Array.from(file.tensors.get('early')!.data), [1, 2]);
    assert.deepStrictEqual(Array.from(file.tensors.get('late')!.data), [3]);
    assert.deepStrictEqual(file.metadata, {});
  });

  it('keeps odd tensor and metadata names such as "__proto__" as plain keys', () => {
    const bytes = writeSafetensors([['__proto__', { shape: [1], data: [5] }]], { metadata: JSON.parse('{"__proto__": "p"}') });
    const file = readSafetensors(bytes);
    assert.deepStrictEqual(Array.from(file.tensors.get('__proto__')!.data), [5]);
    assert.strictEqual(Object.getOwnPropertyDescriptor(file.metadata, '__proto__')?.value, 'p');
  });
});

describe('checkpoint/safetensors reader errors', () => {
  const f32 = (offsets: number[], shape = [1]) => ({ dtype: 'F32', shape, data_offsets: offsets });

  it('rejects a file shorter than the 8-byte length', () => {
    expectError(() => readSafetensors(new Uint8Array(5)), SafetensorsError, 'file too short: 5 bytes');
  });

  it('rejects a header length larger than the file', () => {
    expectError(() => readSafetensors(rawFile('{}', 0, 1000)), SafetensorsError, 'header length 1000 bytes is larger than the rest of the file (2 bytes)');
  });

  it('rejects a header claiming terabytes before allocating or decoding anything', () => {
    const bytes = rawFile('{}', 0, 2 ** 40);
    const decode = TextDecoder.prototype.decode;
    let decoded = 0;
    TextDecoder.prototype.decode = function (...args: Parameters<TextDecoder['decode']>) {
      decoded++;
      return decode.apply(this, args);
    };
    try {
      expectError(() => readSafetensors(bytes), SafetensorsError, `header length ${2 ** 40} bytes is above the limit of 100000000 bytes`);
      const allOnes = rawFile('{}');
      allOnes.fill(0xff, 0, 8); // u64 max
      expectError(() => readSafetensors(allOnes), SafetensorsError, 'header length 18446744073709552000 bytes is above the limit');
      expectError(() => readSafetensors(rawFile('{}', 0, 50_000_000)), SafetensorsError, 'larger than the rest of the file');
    } finally {
      TextDecoder.prototype.decode = decode;
    }
    assert.strictEqual(decoded, 0, 'the header must not be decoded');
  });

  it('honours a smaller maxHeaderBytes', () => {
    const bytes = writeSafetensors([['x', { shape: [1], data: [1] }]]);
    expectError(() => readSafetensors(bytes, { maxHeaderBytes: 16 }), SafetensorsError, 'above the limit of 16 bytes');
  });

  it('rejects an empty header, one not starting with "{", bad UTF-8 and bad JSON', () => {
    expectError(() => readSafetensors(rawFile('')), SafetensorsError, 'header is empty');
    expectError(() => readSafetensors(rawFile('[1, 2]')), SafetensorsError, 'must be a JSON object starting with "{"');
    expectError(() => readSafetensors(rawFile(' {}')), SafetensorsError, 'starting with "{"');
    const badUtf8 = rawFile('{"a":"xx"}');
    badUtf8[8 + 6] = 0xff;
    expectError(() => readSafetensors(badUtf8), SafetensorsError, 'header is not valid UTF-8');
    expectError(() => readSafetensors(rawFile('{"a": ')), SafetensorsError, 'header is not valid JSON');
    expectError(() => readSafetensors(rawFile('{} []')), SafetensorsError, 'header is not valid JSON');
  });

  it('rejects metadata that is not an object of strings, naming the key', () => {
    expectError(() => readSafetensors(rawFile({ __metadata__: ['a'] })), SafetensorsError, '"__metadata__" must be an object of strings, not an array');
    expectError(() => readSafetensors(rawFile({ __metadata__: { format: 'x', n: 3 } })), SafetensorsError, '"__metadata__" value "n" must be a string, not number 3');
  });

  it('rejects a tensor entry that is not an object', () => {
    expectError(() => readSafetensors(rawFile({ w: [1] })), SafetensorsError, 'tensor "w" must be an object, not an array');
    expectError(() => readSafetensors(rawFile({ w: 'F32' })), SafetensorsError, 'tensor "w" must be an object, not the string "F32"');
  });

  it('quotes untrusted names JSON-escaped and cuts very long ones', () => {
    expectError(() => readSafetensors(rawFile({ 'a"b\nc': 1 })), SafetensorsError, 'tensor "a\\"b\\nc" must be an object');
    const e = expectError(() => readSafetensors(rawFile({ ['x'.repeat(5000)]: 1 })), SafetensorsError, `tensor "${'x'.repeat(120)}…" must be an object`);
    assert.ok(e.message.length < 200);
  });

  it('rejects a missing or unknown dtype, naming the tensor', () => {
    expectError(() => readSafetensors(rawFile({ w: { shape: [1], data_offsets: [0, 4] } }, 4)), SafetensorsError, 'tensor "w": "dtype" must be a string, not nothing (missing)');
    expectError(() => readSafetensors(rawFile({ w: { ...f32([0, 4]), dtype: 'F7' } }, 4)), SafetensorsError, 'tensor "w": unknown dtype "F7"', 'F32, ');
  });

  it('rejects a shape that is not an array of non-negative integers, naming the index', () => {
    expectError(() => readSafetensors(rawFile({ w: f32([0, 4], 3 as never) }, 4)), SafetensorsError, 'tensor "w": "shape" must be an array, not number 3');
    expectError(() => readSafetensors(rawFile({ w: f32([0, 4], [1, -1]) }, 4)), SafetensorsError, 'tensor "w": "shape"[1] must be a non-negative integer, not number -1');
    expectError(() => readSafetensors(rawFile({ w: f32([0, 4], [1.5]) }, 4)), SafetensorsError, '"shape"[0] must be a non-negative integer, not number 1.5');
    expectError(() => readSafetensors(rawFile({ w: f32([0, 4], ['2'] as never) }, 4)), SafetensorsError, '"shape"[0] must be a non-negative integer, not the string "2"');
    expectError(() => readSafetensors(rawFile({ w: f32([0, 4], [1e300]) }, 4)), SafetensorsError, '"shape"[0] must be a non-negative integer');
  });

  it('rejects malformed data_offsets, naming the tensor and index', () => {
    expectError(() => readSafetensors(rawFile({ w: f32([0]) }, 4)), SafetensorsError, 'tensor "w": "data_offsets" must be an array [begin, end], not an array of length 1');
    expectError(() => readSafetensors(rawFile({ w: { dtype: 'F32', shape: [1] } }, 4)), SafetensorsError, '"data_offsets" must be an array [begin, end], not nothing (missing)');
    expectError(() => readSafetensors(rawFile({ w: f32([0, -4]) }, 4)), SafetensorsError, '"data_offsets"[1] must be a non-negative integer, not number -4');
    expectError(() => readSafetensors(rawFile({ w: f32([4, 0]) }, 4)), SafetensorsError, '"data_offsets" [4, 0] end before they begin');
  });

  it('rejects offsets that do not match shape x dtype size', () => {
    expectError(() => readSafetensors(rawFile({ w: f32([0, 8], [3]) }, 8)), SafetensorsError, 'tensor "w": "data_offsets" [0, 8] span 8 bytes but shape [3] of F32 needs 12');
    expectError(() => readSafetensors(rawFile({ w: { dtype: 'F16', shape: [2, 2], data_offsets: [0, 16] } }, 16)), SafetensorsError, 'shape [2, 2] of F16 needs 8');
    expectError(
      () => readSafetensors(rawFile({ w: f32([0, 4], [2 ** 30, 2 ** 30, 2 ** 30]) }, 4)),
      SafetensorsError,
      'needs more than 2^53',
    );
  });

  it('rejects a truncated file, naming the tensor that runs past the end', () => {
    const bytes = writeSafetensors([['a', { shape: [2], data: [1, 2] }], ['b', { shape: [3], data: [1, 2, 3] }]]);
    expectError(() => readSafetensors(bytes.subarray(0, bytes.length - 1)), SafetensorsError, 'tensor "b": "data_offsets" [8, 20] reach beyond the data (19 bytes): the file is truncated');
  });

  it('rejects overlapping tensors, holes and trailing bytes', () => {
    expectError(() => readSafetensors(rawFile({ a: f32([0, 8], [2]), b: f32([4, 8]) }, 8)), SafetensorsError, 'tensor "b": "data_offsets" [4, 8] overlap tensor "a" [0, 8]');
    expectError(() => readSafetensors(rawFile({ a: f32([0, 4]), b: f32([8, 12]) }, 12)), SafetensorsError, 'data bytes [4, 8) before tensor "b" belong to no tensor');
    expectError(() => readSafetensors(rawFile({ a: f32([0, 4]) }, 6)), SafetensorsError, 'the data has 6 bytes but the tensors cover only 4: 2 trailing bytes');
  });

  it('parses but does not convert a dtype other than F32, F16, BF16', () => {
    const bytes = rawFile({ steps: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8);
    assert.deepStrictEqual(readSafetensorsHeader(bytes).entries, [{ name: 'steps', dtype: 'I64', shape: [1], dataOffsets: [0, 8] }]);
    expectError(() => readSafetensors(bytes), SafetensorsError, 'tensor "steps" has dtype I64; only F32, F16 and BF16 can be read');
  });
});

describe('checkpoint/safetensors writer errors', () => {
  it('rejects data that does not fill the shape, bad shapes, reserved names and unknown dtypes', () => {
    expectError(() => writeSafetensors([['w', { shape: [2, 3], data: [1, 2] }]]), SafetensorsError, 'tensor "w": shape [2, 3] has 6 elements but the data has 2');
    expectError(() => writeSafetensors([['w', { shape: [-1], data: [] }]]), SafetensorsError, 'tensor "w": shape[0] must be a non-negative integer, not -1');
    expectError(() => writeSafetensors([['__metadata__', { shape: [0], data: [] }]]), SafetensorsError, '"__metadata__" is reserved');
    expectError(() => writeSafetensors([['w', { shape: [0], data: [] }], ['w', { shape: [0], data: [] }]]), SafetensorsError, 'tensor "w" is given twice');
    expectError(() => writeSafetensors([], { dtype: 'F64' as never }), SafetensorsError, 'cannot write dtype "F64"');
    expectError(() => writeSafetensors([], { metadata: { n: 1 as never } }), SafetensorsError, 'metadata value "n" must be a string, not number 1');
  });
});
