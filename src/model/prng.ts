/**
 * A small seeded pseudo-random generator (xoshiro128**, Blackman and Vigna) built only from 32-bit
 * integer operations, so a seed gives the same sequence on every platform and JavaScript engine.
 * Not for cryptography.
 */

/** Mixes a string into a 32-bit value (FNV-1a), to derive independent streams from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic stream of numbers. */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed` and `stream` (e.g. a hashed parameter name) select the sequence. */
  constructor(seed: number, stream = 0) {
    // splitmix32 expands the seed into four non-zero state words.
    let x = (Math.trunc(seed) ^ Math.imul(stream >>> 0, 0x9e3779b9)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits, exactly representable in float32. */
  nextFloat(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }
}

/** Uniform numbers in [0, 1) from a fresh {@link Prng}: repeatable data for tests, benchmarks and the dev harness. */
export function uniformStream(seed: number, stream = 0): () => number {
  const prng = new Prng(seed, stream);
  return () => prng.nextFloat();
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
