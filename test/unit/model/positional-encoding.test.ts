import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import {
  pairFrequency, PositionalEncodingRows, relativePositionMatrix, sinusoidalPositionalEncoding,
} from '../../../src/model/positional-encoding';
import { positionalEncodingTensor } from '../../../src/model/device/positional-encoding-tensor';
import { onBackend } from './helpers/backends';

describe('model/positional-encoding', () => {
  onBackend('cpu');

  it('PE(0) is [0, 1, 0, 1, ...]: sin(0) in even columns, cos(0) in odd ones', () => {
    const pe = sinusoidalPositionalEncoding(3, 10);
    assert.deepEqual(Array.from(pe.subarray(0, 10)), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it('PE(pos, 2i) = sin(pos / 10000^(2i/d)) and PE(pos, 2i+1) = cos(...) exactly, rounded once to float32', () => {
    const d = 512;
    const pe = sinusoidalPositionalEncoding(1024, d);
    for (const pos of [1, 2, 7, 100, 511, 1023]) {
      for (const i of [0, 1, 5, 64, 128, 255]) {
        const angle = pos / Math.pow(10000, (2 * i) / d);
        assert.equal(pe[pos * d + 2 * i], Math.fround(Math.sin(angle)), `sin at pos ${pos}, i ${i}`);
        assert.equal(pe[pos * d + 2 * i + 1], Math.fround(Math.cos(angle)), `cos at pos ${pos}, i ${i}`);
      }
    }
    assert.equal(pe[1 * d + 0], Math.fround(Math.sin(1)));
    assert.equal(pe[1 * d + 1], Math.fround(Math.cos(1)));
  });

  it('wavelengths form a geometric progression from 2π to 10000·2π', () => {
    const d = 512;
    assert.equal(2 * Math.PI / pairFrequency(0, d), 2 * Math.PI);
    const ratio = pairFrequency(1, d) / pairFrequency(0, d);
    for (let i = 1; i < d / 2; i++) assert.ok(Math.abs(pairFrequency(i, d) / pairFrequency(i - 1, d) - ratio) < 1e-12);
    // The last pair is i = d/2 - 1; the progression tends to 10000 at i = d/2.
    assert.ok(Math.abs(2 * Math.PI / (pairFrequency(d / 2 - 1, d) * ratio) - 10000 * 2 * Math.PI) < 1e-6);
  });

  it('relative positions: PE(pos + k) = M_k · PE(pos) for every pos, with M_k independent of pos', () => {
    const d = 16;
    const table = sinusoidalPositionalEncoding(64, d);
    for (const k of [1, 3, 10]) {
      const m = relativePositionMatrix(k, d);
      for (const pos of [0, 5, 20, 40]) {
        for (let r = 0; r < d; r++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += m[r * d + j] * table[pos * d + j];
          assert.ok(Math.abs(s - table[(pos + k) * d + r]) < 1e-6, `k ${k} pos ${pos} row ${r}: ${s} vs ${table[(pos + k) * d + r]}`);
        }
      }
    }
  });

  it('dot products PE(pos)·PE(pos+k) depend on the offset k only, not on pos', () => {
    const d = 64;
    const t = sinusoidalPositionalEncoding(200, d);
    const dot = (a: number, b: number): number => { let s = 0; for (let j = 0; j < d; j++) s += t[a * d + j] * t[b * d + j]; return s; };
    for (const k of [1, 4, 9]) {
      const ref = dot(0, k);
      for (const pos of [10, 77, 150]) assert.ok(Math.abs(dot(pos, pos + k) - ref) < 1e-4, `k ${k} pos ${pos}`);
    }
    assert.ok(Math.abs(dot(0, 0) - d / 2) < 1e-5, 'each pair contributes sin² + cos² = 1');
  });

  it('handles an odd dModel (last column is a sine) and rejects bad sizes', () => {
    const pe = sinusoidalPositionalEncoding(2, 5);
    assert.equal(pe[5 + 4], Math.fround(Math.sin(1 / Math.pow(10000, 4 / 5))));
    assert.throws(() => sinusoidalPositionalEncoding(-1, 4), /length/);
    assert.throws(() => sinusoidalPositionalEncoding(2, 0), /dModel/);
    assert.throws(() => relativePositionMatrix(1, 5), /even/);
  });

  it('the tensor version holds the same table', async () => {
    const before = tf.memory().numTensors;
    const t = positionalEncodingTensor(7, 12);
    assert.deepEqual(t.shape, [7, 12]);
    assert.deepEqual(await t.data(), sinusoidalPositionalEncoding(7, 12));
    t.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('PositionalEncodingRows computes only the rows asked for, growing with the longest run', () => {
    const rows = new PositionalEncodingRows(6);
    assert.deepEqual(rows.rows(3), sinusoidalPositionalEncoding(3, 6));
    assert.deepEqual(rows.rows(10), sinusoidalPositionalEncoding(10, 6));
    assert.deepEqual(rows.rows(2), sinusoidalPositionalEncoding(2, 6));
    assert.equal(rows.rows(10).buffer.byteLength, 10 * 6 * 4, 'no row beyond the longest asked for');
  });
});
