/**
 * The cases of issue 18, each as found: a hostile checkpoint, tokenizer.json or message that used to
 * exhaust memory, hang, throw an untyped exception or give silent NaN, and what it must do now.
 * (Webview messages: test/unit/host/protocol.test.ts; the pre-tokenizer's 4-million-character runs:
 * test/unit/tokenizer/pretokenize.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { inspectCheckpoint, loadCheckpoint, saveCheckpoint } from '../../../src/model/checkpoint/checkpoint';
import { CheckpointError } from '../../../src/model/checkpoint/errors';
import type { TransformerConfig } from '../../../src/model/config';
import { NonFiniteError } from '../../../src/model/device/finite-watch';
import type { Parameters } from '../../../src/model/parameters';
import { BYTE_OFFSET, FIRST_MERGE_ID } from '../../../src/model/tokenizer/special-tokens';
import { Tokenizer } from '../../../src/model/tokenizer/tokenizer';
import { TokenizerError } from '../../../src/model/tokenizer/errors';
import { toTokenizerJSON, tokenizerVersion, type TokenizerJSON } from '../../../src/model/tokenizer/tokenizer-json';
import { buildModel, forward } from '../../../src/model/transformer';
import { INVALID_FILL_INDEX, attentionCellFills } from '../../../webview/views/heatmap/heatmap-cells';
import { formatWeight } from '../../../webview/views/shared/format';
import { expectError, randomParams, tinyConfig } from '../checkpoint/helpers';
import { onBackend } from '../model/helpers/backends';

/** A checkpoint whose `config` metadata is replaced by `configText`, tensors unchanged. */
function withConfigText(bytes: Uint8Array, configText: (config: Record<string, unknown>) => string): Uint8Array {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as { __metadata__: Record<string, string> };
  header.__metadata__.config = configText(JSON.parse(header.__metadata__.config) as Record<string, unknown>);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return out;
}

const tiny = tinyConfig({ sharedEmbeddings: true, dModel: 4, dFF: 4, h: 1, dK: 4, dV: 4, vocabSize: 5 });
const tinyFile = saveCheckpoint(tiny, randomParams(tiny), { dtype: 'F16' });

/** Runs `fn` and returns its time and the growth of the heap it left behind, in MB. */
function measured(fn: () => void): { ms: number; heapMb: number } {
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  fn();
  return { ms: performance.now() - started, heapMb: (process.memoryUsage().heapUsed - heap) / 2 ** 20 };
}

describe('issue 18 regressions: hostile checkpoints', () => {
  it('a 10 KB checkpoint with N = 1,000,000 is refused at once (it ran out of memory after 46 s)', () => {
    assert.ok(tinyFile.length < 10_000);
    for (const N of [1_000_000, 100_000]) {
      const file = withConfigText(tinyFile, (c) => JSON.stringify({ ...c, N }));
      const { ms, heapMb } = measured(() => expectError(() => loadCheckpoint(file), CheckpointError, '"N" must be a positive integer at most 1000'));
      assert.ok(ms < 1000 && heapMb < 50, `${ms} ms, ${heapMb} MB`);
    }
  });

  it('N = 1000 (the most allowed) in a tiny file is refused by the size check, before the 30,000-entry list is built', () => {
    const file = withConfigText(tinyFile, (c) => JSON.stringify({ ...c, N: 1000 }));
    const e = expectError(() => inspectCheckpoint(file), CheckpointError, 'implies 30006 tensors', 'but the file holds 36 tensors');
    assert.ok(e.message.length < 400);
  });

  it('dimensions far beyond the file are named with the sizes the config implies', () => {
    const file = withConfigText(tinyFile, (c) => JSON.stringify({ ...c, dModel: 2 ** 30, dK: 2 ** 30, dV: 2 ** 30, dFF: 2 ** 31 - 1 }));
    expectError(() => inspectCheckpoint(file), CheckpointError, 'the config (N=1, dModel=1073741824', 'but the file holds');
  });

  it('a config field nested 100,000 deep is a CheckpointError (it was a stack overflow building the message)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const file = withConfigText(tinyFile, (c) => JSON.stringify(c).replace('"dFF":4', `"dFF":${deep}`));
    expectError(() => loadCheckpoint(file), CheckpointError, '"dFF" must be a positive integer, not an array of 1 item');
  });

  it('a 5-million-element value makes a short message (it was 10 million characters)', () => {
    const file = withConfigText(tinyFile, (c) => JSON.stringify(c).replace('"dFF":4', `"dFF":[${new Array(5_000_000).fill(0).join(',')}]`));
    const e = expectError(() => loadCheckpoint(file), CheckpointError, 'not an array of 5000000 items');
    assert.ok(e.message.length < 300, `${e.message.length} characters`);
    const long = withConfigText(tinyFile, (c) => JSON.stringify({ ...c, norm: 'x'.repeat(5_000_000) }));
    assert.ok(expectError(() => loadCheckpoint(long), CheckpointError, '"norm" must be').message.length < 600);
  });

  it('NaN and infinity in a weight are refused at load, in the host, naming the tensor (they were accepted)', () => {
    for (const [value, shown] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
      const params = randomParams(tiny);
      params.get('transformer.decoder.layers.0.linear2.weight')!.data[3] = value;
      const file = saveCheckpoint(tiny, params);
      for (const read of [inspectCheckpoint, loadCheckpoint]) {
        expectError(() => read(file), CheckpointError, `tensor transformer.decoder.layers.0.linear2.weight holds ${shown} at flat index 3`);
      }
    }
  });

  it('trainedLength: an optional positive integer at most maxLength, from the metadata (or the config JSON)', () => {
    const params = randomParams(tiny);
    const withTrained = (v: string): Uint8Array => saveCheckpoint(tiny, params, { metadata: { trainedLength: v } });
    assert.equal(loadCheckpoint(withTrained('16')).trainedLength, 16);
    assert.equal(inspectCheckpoint(withTrained(String(tiny.maxLength))).trainedLength, tiny.maxLength);
    assert.equal(inspectCheckpoint(tinyFile).trainedLength, undefined);
    for (const bad of ['0', String(tiny.maxLength + 1), '-3', '1e3', 'abc', '', ' 8', '8.5']) {
      expectError(() => inspectCheckpoint(withTrained(bad)), CheckpointError, 'metadata "trainedLength" must be a positive integer at most maxLength (32)');
    }
    const inConfig = withConfigText(tinyFile, (c) => JSON.stringify({ ...c, trainedLength: 24 }));
    const loaded = inspectCheckpoint(inConfig);
    assert.equal(loaded.trainedLength, 24);
    assert.deepEqual(loaded.warnings.filter((w) => w.includes('unknown keys')), [], 'not an unknown key');
  });
});

describe('issue 18 regressions: the model on hostile checkpoints (cpu)', () => {
  onBackend('cpu');

  it('maxLength 2^20 with dModel 512: no positional table of 2^20 rows is built (2.2 GB before)', function () {
    this.timeout(60_000);
    const c: TransformerConfig = {
      N: 1, dModel: 512, dFF: 8, h: 8, dK: 64, dV: 64, vocabSize: 8, maxLength: 2 ** 20,
      norm: 'post', finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0,
    };
    const file = saveCheckpoint(c, randomParams(c, 3), { dtype: 'F16' });
    const before = tf.memory().numBytes;
    const { params } = loadCheckpoint(file);
    const model = buildModel(c, params);
    try {
      const out = forward(model, { src: [[1, 2, 3]], tgt: [[1, 2, 3]] });
      assert.deepEqual(out.positionalEncoding.shape, [3, 512]);
      out.dispose();
      const deviceMb = (tf.memory().numBytes - before) / 2 ** 20;
      // The weights, about 2x the F16 file as float32; the whole table alone would be 2048 MB.
      assert.ok(deviceMb < 4 * file.length / 2 ** 20, `${deviceMb.toFixed(1)} MB on the device for a ${(file.length / 2 ** 20).toFixed(1)} MB file`);
    } finally {
      model.dispose();
    }
  });

  /** Parameters of a tiny model with `names` set to a huge finite value (3.4e38: float32 can hold it). */
  function huge(c: TransformerConfig, names: string[]): Parameters {
    const params = randomParams(c, 5);
    for (const name of names) params.get(name)!.data.fill(3.4e38);
    return params;
  }

  for (const [sublayer, names] of [
    ['encoder layer 1, self-attention', ['transformer.encoder.layers.0.self_attn.in_proj_bias']],
    ['encoder layer 1, feed-forward', ['transformer.encoder.layers.0.linear1.bias', 'transformer.encoder.layers.0.linear2.weight']],
    ['decoder layer 1, encoder-decoder attention', ['transformer.decoder.layers.0.multihead_attn.in_proj_bias']],
  ] as const) {
    it(`huge finite weights: the pass stops naming "${sublayer}" (it returned NaN attention silently)`, () => {
      const c = tinyConfig();
      const params = huge(c, [...names]);
      const file = saveCheckpoint(c, params);
      const model = buildModel(c, loadCheckpoint(file).params);
      const tensors = tf.memory().numTensors;
      try {
        const e = expectError(() => forward(model, { src: [[1, 2, 3]], tgt: [[1, 2]] }), NonFiniteError, sublayer);
        assert.equal((e as NonFiniteError).where, sublayer);
        assert.equal(tf.memory().numTensors, tensors, 'a stopped pass leaks nothing');
      } finally {
        model.dispose();
      }
    });
  }

  it('the heatmap never draws NaN as a weight, and its label says there is none', () => {
    const fills = attentionCellFills({ kind: 'encoderSelf', layer: 0, head: 0, queries: [], keys: [], weights: Float32Array.of(NaN, 0, Infinity) }, 1);
    assert.deepEqual([...fills], [INVALID_FILL_INDEX, 0, INVALID_FILL_INDEX]);
    assert.equal(formatWeight(NaN), 'no value');
  });
});

describe('issue 18 regressions: hostile tokenizer.json', () => {
  const valid = (): Record<string, unknown> => toTokenizerJSON([[BYTE_OFFSET + 97, BYTE_OFFSET + 98]]) as unknown as Record<string, unknown>;
  const refit = (json: Record<string, unknown>): Record<string, unknown> => ({ ...json, version: tokenizerVersion(json as unknown as TokenizerJSON) });

  it('merge ids beyond 65,535: no false duplicate and encode ends (pair keys assumed ids below 2^16)', function () {
    this.timeout(30_000);
    // Every pair of bytes in turn, then merges of merges: ids reach 65,541.
    const merges: [number, number][] = [];
    for (let k = 0; FIRST_MERGE_ID + k < 65_536; k++) merges.push([BYTE_OFFSET + ((k >> 8) & 255), BYTE_OFFSET + (k & 255)]);
    for (let id = 65_536; id <= 65_540; id++) merges.push([FIRST_MERGE_ID + 2 * (id - 65_536), FIRST_MERGE_ID + 2 * (id - 65_536) + 1]);
    // With keys left * 65536 + right, (4, 65540) collided with (5, 4), an earlier merge.
    merges.push([4, 65_540]);
    const tok = Tokenizer.fromJSON(toTokenizerJSON(merges));
    assert.equal(tok.vocabSize, FIRST_MERGE_ID + merges.length);
    const text = '\u0000\u0001\u0000\u0002\u0001\u0000 hostile ab\u00ff';
    assert.equal(tok.decode(tok.encodeIds(text)), text);
  });

  it('missing or malformed fields are TokenizerErrors naming the field (they were raw TypeErrors)', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid(), specialTokens: undefined }, '"specialTokens" is nothing (missing)'],
      [{ ...valid(), merges: undefined }, '"merges" must be an array'],
      [refit({ ...valid(), merges: 'ab' }), '"merges" must be an array'],
      [refit({ ...valid(), merges: [[BYTE_OFFSET, 4.5]] }), '"merges"[0][1] must be an integer id in [4, 260)'],
      [refit({ ...valid(), merges: [[String(BYTE_OFFSET + 1), BYTE_OFFSET]] }), '"merges"[0][0] must be an integer id in [4, 260) (a byte or an earlier merge), not "5"'],
      [refit({ ...valid(), merges: [[BYTE_OFFSET, BYTE_OFFSET, BYTE_OFFSET]] }), '"merges"[0] must be a pair [left, right] of ids, not an array of 3 items'],
      [refit({ ...valid(), merges: [[BYTE_OFFSET, BYTE_OFFSET], [BYTE_OFFSET, BYTE_OFFSET]] }), 'merges[1] (4, 4) is a duplicate of merges[0]'],
      [refit({ ...valid(), merges: Array.from({ length: 9 }, (_, k) => (k === 0 ? [100, 100] : [FIRST_MERGE_ID + k - 1, FIRST_MERGE_ID + k - 1])) }), 'makes a token of 256 bytes'],
    ];
    for (const [json, fragment] of cases) {
      const e = expectError(() => Tokenizer.fromJSON(json), TokenizerError, fragment);
      assert.ok(e.message.length < 400);
    }
    const noOffset: Record<string, unknown> = valid();
    delete noOffset.byteOffset;
    expectError(() => Tokenizer.fromJSON(noOffset), TokenizerError, 'tokenizer.json has no "byteOffset"');
    expectError(() => Tokenizer.fromJSON('{"format": '), TokenizerError, 'tokenizer.json is not valid JSON');
    expectError(() => Tokenizer.fromJSON('['.repeat(100_000)), TokenizerError, 'not valid JSON');
    expectError(() => Tokenizer.fromJSON(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000))), TokenizerError, 'must be a JSON object, not an array of 1 item');
  });
});
