/**
 * Conversions between float32 and the two 16-bit float formats a checkpoint may hold:
 * IEEE 754 binary16 (`F16`) and bfloat16 (`BF16`). They work on raw bit patterns so they are exact
 * and identical in Node and in browsers.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 bit pattern of a float (NaN payloads of float32 inputs are kept). */
export function float32Bits(x: number): number {
  f32[0] = x;
  return u32[0];
}

/** The float whose float32 bit pattern is `bits`. */
export function float32FromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0];
}

/**
 * The float32 bit pattern equal to a binary16 bit pattern. Exact for every input: subnormals are
 * normalised, infinities stay infinite, NaNs stay NaN (sign and payload kept).
 */
export function halfBitsToFloat32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp === 0) {
    if (mant === 0) return sign >>> 0;
    // Subnormal: mant * 2^-24. Shift the leading 1 into the implicit-bit position.
    let e = -1;
    do {
      e++;
      mant <<= 1;
    } while ((mant & 0x400) === 0);
    return (sign | ((112 - e) << 23) | ((mant & 0x3ff) << 13)) >>> 0;
  }
  return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
}

/**
 * The binary16 bit pattern nearest to a float32 bit pattern, ties to even (IEEE 754 default
 * rounding). Values beyond the largest half (65504) round to infinity as IEEE requires; values below
 * half the smallest subnormal (2^-25) round to signed zero; NaN stays a (quiet) NaN.
 */
export function float32BitsToHalfBits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 112; // biased binary16 exponent
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e; // 14..24: value = mant * 2^-shift in units of 2^-24
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) !== 0)) half++;
    return sign | half; // a carry into bit 10 gives the smallest normal, as it should
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) !== 0)) half++; // a carry may reach infinity: correct
  return sign | half;
}

/** The float32 bit pattern equal to a bfloat16 bit pattern (bfloat16 is the top half of a float32). */
export function bfloat16BitsToFloat32Bits(b: number): number {
  return ((b & 0xffff) << 16) >>> 0;
}

/** A number rounded to binary16 and back (what storing it as `F16` keeps). */
export function roundToHalf(x: number): number {
  return float32FromBits(halfBitsToFloat32Bits(float32BitsToHalfBits(float32Bits(x))));
}
