/**
 * Overflow detection for a forward pass. Weights that are finite but huge (3.4e38 in one projection)
 * overflow float32 inside a sub-layer; softmax then turns the infinity into NaN and every view
 * downstream would show NaN (drawn as 0: "no attention"). The pass records, for each sub-layer's
 * output, whether all its values are finite, and stops naming the first that is not.
 */
import { all, cast, dispose, isFinite, keep, stack, tidy, type Tensor } from '@tensorflow/tfjs-core';

/** A pass produced an infinity or NaN; the message names the layer and sub-layer where it first appeared. */
export class NonFiniteError extends Error {
  constructor(readonly where: string) {
    super(`the forward pass overflowed: ${where} produced a non-finite value (infinity or NaN). The model's weights are too large for float32; nothing is shown rather than NaN.`);
    this.name = 'NonFiniteError';
  }
}

/** Per-sub-layer finiteness flags of one pass, on the device until {@link FiniteWatch.firstNonFinite} reads them. */
export class FiniteWatch {
  private readonly flags: Array<{ where: string; flag: Tensor }> = [];

  /**
   * Records whether `t` is all finite (1) or not (0). May be called inside a `tidy`: the flag is kept
   * out of it. A float flag, since every backend stacks and downloads float32 (bool varies).
   */
  check(where: string, t: Tensor): void {
    this.flags.push({ where, flag: keep(tidy(() => cast(all(isFinite(t)), 'float32'))) });
  }

  /** The first place, in pass order, whose output was not all finite (one small download of every flag). */
  firstNonFinite(): string | undefined {
    if (this.flags.length === 0) return undefined;
    const stacked = stack(this.flags.map((f) => f.flag));
    try {
      const values = stacked.dataSync();
      const at = values.findIndex((v) => v !== 1);
      return at < 0 ? undefined : this.flags[at].where;
    } finally {
      stacked.dispose();
    }
  }

  /** Throws a {@link NonFiniteError} when a recorded output was not all finite. */
  throwIfNonFinite(): void {
    const where = this.firstNonFinite();
    if (where !== undefined) throw new NonFiniteError(where);
  }

  dispose(): void {
    dispose(this.flags.map((f) => f.flag));
    this.flags.length = 0;
  }
}
