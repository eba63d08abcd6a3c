/**
 * Fuzzing the reader with random and mutated buffers: whatever the bytes, reading either returns a
 * consistent result or throws a SafetensorsError/CheckpointError with a message; it never throws
 * anything else (TypeError, RangeError from a huge allocation, ...) and never takes long.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { loadCheckpoint, saveCheckpoint } from '../../../src/model/checkpoint/checkpoint';
import { CheckpointError, SafetensorsError } from '../../../src/model/checkpoint/errors';
import { readSafetensors, writeSafetensors } from '../../../src/model/checkpoint/safetensors';
import { randomParams, rawFile, tinyConfig } from './helpers';

/** Slowest single call seen, to check that nothing hangs or blows up in time. */
let slowestMs = 0;
let calls = 0;
const outcomes = new Map<string, number>();

function count(key: string): void {
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}

/** Reads `bytes`; true when it either succeeded consistently or failed with a well-formed error. */
function wellBehaved(read: (bytes: Uint8Array) => unknown, bytes: Uint8Array): boolean {
  const start = performance.now();
  calls++;
  try {
    const result = read(bytes) as { tensors?: Map<string, { shape: number[]; data: Float32Array }>; params?: Map<string, { shape: number[]; data: Float32Array }> };
    for (const t of (result.tensors ?? result.params)!.values()) {
      if (t.data.length !== t.shape.reduce((a, b) => a * b, 1)) return false;
    }
    count('ok');
    return true;
  } catch (e) {
    if (!(e instanceof SafetensorsError || e instanceof CheckpointError) || typeof e.message !== 'string' || e.message.length < 10) {
      throw new Error(`ill-formed failure: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    // Group messages by their wording: names, numbers and JSON parser details blanked out.
    count(e.message.split('\n').slice(0, 2).join(' ').replace(/(not valid JSON).*/, '$1').replace(/"[^"]*"/g, '"…"').replace(/\[[^\]]*\]/g, '[…]').replace(/\d+/g, 'N').slice(0, 80));
    return true;
  } finally {
    slowestMs = Math.max(slowestMs, performance.now() - start);
  }
}

/** A valid small file to mutate. */
const validFile = fc
  .array(
    fc.record({
      name: fc.string({ minLength: 0, maxLength: 6 }),
      shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
      dtype: fc.constantFrom('F32' as const, 'F16' as const),
    }),
    { maxLength: 4 },
  )
  .map((ts) => {
    const seen = new Set<string>();
    const unique = ts.filter((t) => t.name !== '__metadata__' && !seen.has(t.name) && seen.add(t.name));
    const tensors = unique.map((t) => [t.name, { shape: t.shape, data: new Float32Array(t.shape.reduce((a, b) => a * b, 1)).fill(1.5) }] as const);
    return writeSafetensors(tensors, { dtype: unique[0]?.dtype ?? 'F32', metadata: { k: 'v' } });
  });

/** One random edit of a buffer. */
type Edit =
  | { kind: 'set' | 'insert'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'length'; value: number; high: number };

/** Random edits: byte overwrites, truncation, insertion, header-length rewrites. */
const mutation: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('length' as const), value: fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 32 - 1, 2 ** 31)) , high: fc.constantFrom(0, 0, 0, 1, 0xffffffff) }),
);

function mutate(bytes: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let out = bytes.slice();
  for (const m of edits) {
    const at = m.kind === 'length' ? 0 : m.at % (out.length + 1);
    if (m.kind === 'set' && out.length > 0) out[at % out.length] = m.value;
    else if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'insert') out = new Uint8Array([...out.subarray(0, at), m.value, ...out.subarray(at)]);
    else if (m.kind === 'length' && out.length >= 8) {
      const view = new DataView(out.buffer);
      view.setUint32(0, m.value >>> 0, true);
      view.setUint32(4, m.high >>> 0, true);
    }
  }
  return out;
}

/** Headers built from plausible and implausible pieces. */
const jsonish = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer({ min: -3, max: 1e6 }), { maxLength: 4 }));
const entry = fc.record(
  {
    dtype: fc.oneof(fc.constantFrom('F32', 'F16', 'BF16', 'I64', 'U8', 'F64', 'BOOL', 'f32', 'F8_E4M3'), jsonish),
    shape: fc.oneof(fc.array(fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom(2 ** 31, 2 ** 53, 1.5, 1e300)), { maxLength: 4 }), jsonish),
    data_offsets: fc.oneof(fc.tuple(fc.integer({ min: -2, max: 80 }), fc.integer({ min: -2, max: 80 })), jsonish),
  },
  { requiredKeys: [] },
);
const header = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('__metadata__', '__proto__', 'constructor')),
  fc.oneof(entry, jsonish, fc.dictionary(fc.string({ maxLength: 3 }), jsonish)),
  { maxKeys: 5 },
);

describe('checkpoint/safetensors fuzz', () => {
  after(() => {
    // Visible in the test log: which failures the fuzzer reached.
    const top = [...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}× ${k}`);
    console.log(`      ${calls} buffers (${outcomes.get('ok') ?? 0} valid), slowest ${slowestMs.toFixed(1)} ms; ${outcomes.size} distinct outcomes; most frequent: ${top.slice(0, 6).join(' | ')}`);
  });

  it('random bytes (3000 buffers)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => wellBehaved(readSafetensors, bytes)), { numRuns: 3000, seed: 1 });
  });

  it('random bytes behind a plausible header length (3000 buffers)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), fc.nat({ max: 120 }), (body, n) => {
        const bytes = new Uint8Array(8 + body.length);
        new DataView(bytes.buffer).setUint32(0, n, true);
        bytes.set(body, 8);
        bytes[8] = 0x7b; // '{' when it fits, so the JSON parser is reached
        return wellBehaved(readSafetensors, bytes);
      }),
      { numRuns: 3000, seed: 2 },
    );
  });

  it('structured headers with random fields and data lengths (4000 buffers)', () => {
    fc.assert(
      fc.property(header, fc.nat({ max: 64 }), (h, dataLength) => wellBehaved(readSafetensors, rawFile(h, dataLength))),
      { numRuns: 4000, seed: 3 },
    );
  });

  it('mutated valid files (4000 buffers)', () => {
    fc.assert(
      fc.property(validFile, fc.array(mutation, { minLength: 1, maxLength: 4 }), (bytes, edits) => wellBehaved(readSafetensors, mutate(bytes, edits))),
      { numRuns: 4000, seed: 4 },
    );
  });

  it('mutated checkpoints through loadCheckpoint (1500 buffers)', () => {
    const config = tinyConfig({ sharedEmbeddings: true, dModel: 4, dFF: 4, h: 1, dK: 4, dV: 4, vocabSize: 5 });
    const checkpoint = saveCheckpoint(config, randomParams(config));
    const n = new DataView(checkpoint.buffer).getUint32(0, true);
    // Edits aimed at the header half the time, since that is where the structure lives.
    const headerEdit: fc.Arbitrary<Edit> = fc.record({ kind: fc.constant('set' as const), at: fc.integer({ min: 8, max: 8 + n - 1 }), value: fc.integer({ min: 0x20, max: 0x7e }) });
    fc.assert(
      fc.property(fc.array(fc.oneof(mutation, headerEdit, headerEdit), { minLength: 1, maxLength: 3 }), (edits) => wellBehaved(loadCheckpoint, mutate(checkpoint, edits))),
      { numRuns: 1500, seed: 5 },
    );
  });

  it('reached both successes and many distinct errors, each call fast', () => {
    assert.ok(calls >= 15000, `${calls} calls`);
    assert.ok((outcomes.get('ok') ?? 0) > 50, 'some mutated files are still valid');
    assert.ok(outcomes.size >= 15, `only ${outcomes.size} distinct outcomes: ${[...outcomes.keys()].join(' | ')}`);
    assert.ok(slowestMs < 1000, `slowest call took ${slowestMs} ms`);
  });
});
