import type { Random } from './fuzz-random';

/** One thing the fuzz suite attacks: how to build a case, how to run it, which failures are allowed. */
export interface FuzzTarget<T = unknown> {
  readonly name: string;
  /** Builds a case from the generator (a valid input, then mutated). */
  make(r: Random): T;
  /**
   * Runs one case. Returning is a success (or a refusal, for validators that return
   * `'refused'`); throwing an error that {@link FuzzTarget.allowed} accepts is a clean refusal; any
   * other throw (a TypeError, a RangeError, a broken invariant) is an escape.
   */
  run(input: T): void | 'refused';
  /** True for the typed errors this target may refuse an input with. */
  allowed(e: unknown): boolean;
}

/** Longest message a refusal may have: up to 12 listed problems, each quoting at most ~200 characters. */
export const MAX_MESSAGE_LENGTH = 6000;
