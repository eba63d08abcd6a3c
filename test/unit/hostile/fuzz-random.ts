/**
 * What the fuzz generators draw from: a seeded generator (so a failing case is reproduced from its
 * seed and index), extreme values, and hostile JSON shapes (deep nesting, huge arrays, long strings).
 */
import { Prng } from '../../../src/model/prng';

/** A seeded source of choices. */
export class Random {
  private readonly prng: Prng;
  constructor(seed: number, stream = 0) {
    this.prng = new Prng(seed, stream);
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng.nextFloat() * n);
  }
  chance(p: number): boolean {
    return this.prng.nextFloat() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Numbers at the edges: zero, signs, fractions, the int32 and 2^53 limits, huge, tiny, non-finite. */
export const EXTREME_NUMBERS: readonly number[] = [
  0, -0, -1, 1, 2, 3, 1.5, 0.1, 255, 256, 65535, 65536, 65537, 2 ** 20, 2 ** 20 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32,
  2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e21, 1e300, Number.MAX_VALUE, Number.MIN_VALUE, 3.4e38, 65504, -65504, 1e6, 1e5,
  NaN, Infinity, -Infinity,
];

/** Deep values made so far, by kind and depth: built once (no case changes them inside). */
const deepValues = new Map<string, unknown>();

/** Every value {@link deepArray} and {@link deepObject} returned: too deep for recursive code (JSON.stringify). */
export const DEEP = new WeakSet<object>();

function deep(kind: string, depth: number, text: () => string): unknown {
  const key = `${kind}${depth}`;
  let v = deepValues.get(key);
  if (v === undefined) {
    v = JSON.parse(text()) as object; // JSON.parse does not recurse on the stack
    DEEP.add(v as object);
    deepValues.set(key, v);
  }
  return v;
}

/** `[[[…]]]` nested `depth` levels. */
export function deepArray(depth: number): unknown {
  return deep('[', depth, () => '['.repeat(depth) + ']'.repeat(depth));
}

/** `{"a":{"a":…}}` nested `depth` levels. */
export function deepObject(depth: number): unknown {
  return deep('{', depth, () => '{"a":'.repeat(depth) + '0' + '}'.repeat(depth));
}

/**
 * A size: mostly small, sometimes large, rarely huge. Huge values cost tens of milliseconds each and
 * find nothing new the hundredth time, so about 1 case in 100 that draws a size gets one.
 */
export function hostileSize(r: Random, small: number, large: number, huge: number): number {
  return r.chance(0.95) ? small : r.chance(0.8) ? large : huge;
}

/** A value of one of the hostile shapes, or an extreme scalar. */
export function hostileValue(r: Random): unknown {
  switch (r.int(12)) {
    case 0: return deepArray(hostileSize(r, 100, 10_000, 100_000));
    case 1: return deepObject(hostileSize(r, 100, 10_000, 100_000));
    case 2: return new Array(hostileSize(r, 1000, 100_000, 1_000_000)).fill(1);
    case 3: return 'x'.repeat(hostileSize(r, 201, 10_000, 1_000_000));
    case 4: return r.pick(['', ' ', '12', '-1', '1e999', 'NaN', '\u0000', '\ud800', '__proto__', 'post', 'F32']);
    case 5: return null;
    case 6: return r.chance(0.5);
    case 7: return {};
    case 8: return [];
    case 9: return { toString: 1, valueOf: 1 };
    default: return r.pick(EXTREME_NUMBERS);
  }
}
