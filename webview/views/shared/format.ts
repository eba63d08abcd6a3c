/** Number formatting shared by views, so the same quantity reads the same everywhere. */

/**
 * An attention weight: always 4 decimals, so 0.0000 (masked) and 0.0001 are told apart. A NaN or
 * infinity (the pass refuses them; this guards the views) reads "no value", never as a number.
 */
export function formatWeight(w: number): string {
  return Number.isFinite(w) ? w.toFixed(4) : 'no value';
}

/** An integer with thin-space thousands separators: 1 234 567 (locale-neutral, unambiguous). */
export function formatCount(n: number): string {
  const sign = n < 0 ? '−' : '';
  const digits = Math.round(Math.abs(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** A large count in short form: 1.23 M, 45.6 k, 7.89 G (for parameter and multiply-add totals). */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, unit] of units) {
    if (abs >= size) return `${(n / size).toPrecision(3)} ${unit}`;
  }
  return String(Math.round(n));
}

/** A signed value for axis ticks: − (minus sign, not hyphen) and at most `digits` decimals. */
export function formatSigned(v: number, digits = 2): string {
  const s = Number(v.toFixed(digits)).toString();
  return s.startsWith('-') ? '−' + s.slice(1) : s;
}
