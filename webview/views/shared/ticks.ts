/** Axis ticks at "nice" values (1, 2, 5 × 10^k steps), as people would write them by hand. */

export function niceStep(span: number, maxTicks: number): number {
  if (!(span > 0) || maxTicks < 1) return 1;
  const raw = span / maxTicks;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

/** Multiples of a nice step within [min, max], at most about maxTicks + 1 of them. */
export function niceTicks(min: number, max: number, maxTicks = 5): number[] {
  const step = niceStep(max - min, maxTicks);
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let i = first; i * step <= max + step * 1e-9; i++) {
    // Rounding removes float noise (0.30000000000000004) from the tick values.
    out.push(Number((i * step).toPrecision(12)));
  }
  return out;
}
