/** Numeric comparison of outputs. */
import * as assert from 'node:assert/strict';

type Num = ArrayLike<number>;

/**
 * Relative difference in the max norm: max |a - b| / max |b|. Used for "relative difference < 1e-5"
 * between backends: tiny entries (probabilities near 0) are judged against the tensor's scale.
 */
export function relativeDifference(a: Num, b: Num): number {
  assert.equal(a.length, b.length, 'compared arrays differ in length');
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}

/** Asserts relativeDifference(actual, expected) < tol, naming what was compared. */
export function assertClose(actual: Num, expected: Num, tol: number, what: string): void {
  const d = relativeDifference(actual, expected);
  assert.ok(d < tol, `${what}: relative difference ${d.toExponential(2)} is not below ${tol}`);
}

/** Asserts every value is finite. */
export function assertFinite(a: Num, what: string): void {
  for (let i = 0; i < a.length; i++) assert.ok(Number.isFinite(a[i]), `${what}[${i}] = ${a[i]} is not finite`);
}

/** Asserts each row of length `n` sums to 1 within tol. */
export function assertRowsSumToOne(a: Num, n: number, tol: number, what: string): void {
  for (let r = 0; r * n < a.length; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[r * n + j];
    assert.ok(Math.abs(s - 1) < tol, `${what}: row ${r} sums to ${s}`);
  }
}
