import * as assert from 'assert';
import * as fc from 'fast-check';
import {
  bfloat16BitsToFloat32Bits,
  float32Bits,
  float32BitsToHalfBits,
  float32FromBits,
  halfBitsToFloat32Bits,
  roundToHalf,
} from '../../../src/model/checkpoint/float16';

/** Independent binary16 decoder written from the IEEE 754 definition, in doubles. */
function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const half = (x: number) => float32FromBits(halfBitsToFloat32Bits(x));
const toHalf = (x: number) => float32BitsToHalfBits(float32Bits(x));

describe('checkpoint/float16', () => {
  it('decodes every one of the 65536 binary16 patterns exactly, -0 and NaN included', () => {
    for (let h = 0; h < 0x10000; h++) {
      const got = half(h);
      const want = halfValue(h);
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got), `0x${h.toString(16)} should be NaN`);
      else assert.ok(Object.is(got, want), `0x${h.toString(16)}: ${got} != ${want}`);
    }
  });

  it('decodes the landmarks: 1, -2, max, smallest normal and subnormal, infinities', () => {
    assert.strictEqual(half(0x3c00), 1);
    assert.strictEqual(half(0xc000), -2);
    assert.strictEqual(half(0x7bff), 65504);
    assert.strictEqual(half(0x0400), 2 ** -14);
    assert.strictEqual(half(0x0001), 2 ** -24);
    assert.strictEqual(half(0x03ff), 1023 * 2 ** -24);
    assert.strictEqual(half(0x7c00), Infinity);
    assert.strictEqual(half(0xfc00), -Infinity);
    assert.ok(Object.is(half(0x8000), -0));
  });

  it('encodes every binary16 value back to the same pattern (NaNs to a NaN)', () => {
    for (let h = 0; h < 0x10000; h++) {
      const back = toHalf(half(h));
      if (Number.isNaN(halfValue(h))) assert.ok(Number.isNaN(halfValue(back)), `NaN 0x${h.toString(16)} -> 0x${back.toString(16)}`);
      else assert.strictEqual(back, h, `0x${h.toString(16)} -> 0x${back.toString(16)}`);
    }
  });

  it('rounds to nearest with ties to even', () => {
    assert.strictEqual(roundToHalf(1 + 2 ** -11), 1); // tie, 1 is even
    assert.strictEqual(roundToHalf(1 + 3 * 2 ** -11), 1 + 2 ** -9); // tie, rounds up to even
    assert.strictEqual(roundToHalf(1 + 2 ** -11 + 2 ** -20), 1 + 2 ** -10); // just above the tie
    assert.strictEqual(roundToHalf(1 + 2 ** -11 - 2 ** -23), 1); // just below the tie
    assert.strictEqual(roundToHalf(65519), 65504);
    assert.strictEqual(roundToHalf(65520), Infinity); // tie between 65504 and 2^16: even is 2^16, i.e. overflow
    assert.strictEqual(roundToHalf(-1e9), -Infinity);
    assert.strictEqual(roundToHalf(2 ** -25), 0); // tie between 0 and the smallest subnormal
    assert.ok(Object.is(roundToHalf(-(2 ** -25)), -0));
    assert.strictEqual(roundToHalf(2 ** -25 * 1.0001), 2 ** -24);
    assert.strictEqual(roundToHalf(3 * 2 ** -25), 2 * 2 ** -24); // 1.5 units: tie to even
    assert.strictEqual(roundToHalf(5 * 2 ** -25), 2 * 2 ** -24); // 2.5 units: tie to even
    assert.strictEqual(roundToHalf(2 ** -14 - 2 ** -26), 2 ** -14); // subnormal rounding carries into the normals
    assert.strictEqual(roundToHalf(1e-30), 0);
    assert.strictEqual(roundToHalf(Infinity), Infinity);
    assert.ok(Number.isNaN(roundToHalf(NaN)));
  });

  it('picks the nearest binary16 of any float32, ties to the even pattern (property)', () => {
    /** Reference rounding by search over the ordered magnitudes (one step past 65504 is 2^16 = overflow). */
    const reference = (x: number): number => {
      const signBit = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
      const a = Math.abs(x);
      let lo = 0;
      let hi = 0x7c00;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (halfValue(mid) <= a) lo = mid;
        else hi = mid;
      }
      const below = a - halfValue(lo);
      const above = (hi === 0x7c00 ? 65536 : halfValue(hi)) - a;
      const m = below < above || (below === above && (lo & 1) === 0) ? lo : hi;
      return signBit | m;
    };
    const anyFloat32 = fc.integer({ min: 0, max: 0xffffffff });
    // Exact midpoints between neighbouring halves (and one float32 step either side), where ties matter.
    const nearTie = fc
      .tuple(fc.integer({ min: 0, max: 0x7bfe }), fc.boolean(), fc.constantFrom(-1, 0, 1))
      .map(([m, negative, step]) => {
        const mid = float32Bits((halfValue(m) + halfValue(m + 1)) / 2);
        return ((mid + step) | (negative ? 0x80000000 : 0)) >>> 0;
      });
    fc.assert(
      fc.property(fc.oneof(anyFloat32, nearTie), (bits) => {
        const x = float32FromBits(bits);
        if (Number.isNaN(x)) return Number.isNaN(halfValue(toHalf(x)));
        return toHalf(x) === reference(x);
      }),
      { numRuns: 20000, seed: 7 },
    );
  });

  it('decodes bfloat16 as the top half of a float32', () => {
    const bf = (b: number) => float32FromBits(bfloat16BitsToFloat32Bits(b));
    assert.strictEqual(bf(0x3f80), 1);
    assert.strictEqual(bf(0xc049), -3.140625);
    assert.strictEqual(bf(0x7f80), Infinity);
    assert.strictEqual(bf(0xff80), -Infinity);
    assert.ok(Number.isNaN(bf(0x7fc0)));
    assert.strictEqual(bf(0x0001), 2 ** -133);
    assert.ok(Object.is(bf(0x8000), -0));
  });
});
