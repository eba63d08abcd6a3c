/**
 * The comparison behind the benchmark's peers step (scripts/bench/peers.ts): a peer's attention maps
 * count as the same work only when every weight is within the tolerance of ours; a NaN, an
 * infinity or a map of the wrong size must never pass for a small difference.
 */
import * as assert from 'node:assert/strict';
import { attentionDifference, maxAbsDifference, splitMaps } from '../../../scripts/bench/common';

describe('bench/peers: comparing a peer\'s attention maps with ours', () => {
  it('maxAbsDifference is the largest |a - b|, 0 for equal arrays', () => {
    assert.equal(maxAbsDifference(new Float32Array([0.25, 0.75]), new Float32Array([0.25, 0.75])), 0);
    assert.equal(maxAbsDifference([0.5, 0.25, 0.25], [0.5, 0.2, 0.3]), Math.abs(0.25 - 0.2));
  });

  it('a NaN or an unmatched infinity is an infinite difference; equal infinities are not', () => {
    assert.equal(maxAbsDifference([0.5, NaN], [0.5, 0.5]), Infinity);
    assert.equal(maxAbsDifference([NaN], [NaN]), Infinity);
    assert.equal(maxAbsDifference([Infinity], [1]), Infinity);
    assert.equal(maxAbsDifference([-Infinity, 1], [-Infinity, 1]), 0);
    assert.ok(!(maxAbsDifference([NaN], [0]) < 1e-4));
  });

  it('arrays of different lengths are refused, not compared on their common part', () => {
    assert.throws(() => maxAbsDifference([1, 2], [1]), /2 and 1/);
  });

  it('splitMaps cuts a flat file into maps and refuses a wrong size', () => {
    const flat = Float32Array.from({ length: 12 }, (_, i) => i);
    const maps = splitMaps(flat, 3, 4);
    assert.deepEqual(maps.map((m) => Array.from(m)), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    assert.throws(() => splitMaps(flat, 3, 5), /15/);
  });

  it('attentionDifference names the map that differs most', () => {
    const ours = [new Float32Array([1, 0]), new Float32Array([0.5, 0.5])];
    const peer = [new Float32Array([1, 0]), new Float32Array([0.4, 0.6])];
    const d = attentionDifference(ours, peer, ['encoderSelf 0', 'cross 0']);
    assert.equal(d.worst, 'cross 0');
    assert.ok(Math.abs(d.max - 0.1) < 1e-6);
    assert.equal(d.perMap['encoderSelf 0'], 0);
    assert.throws(() => attentionDifference(ours, peer.slice(1), ['encoderSelf 0', 'cross 0']), /expected 2 maps/);
  });
});
