/**
 * Teacher forcing, the panel's framing of every run: the encoder reads the source tokens; the
 * decoder reads them "shifted right" (paper 3.1): a start token first, then the source without its
 * last token, so decoder position j stands for source token j - 1 and predicts source token j.
 */
import type { AttentionKind } from './vocabulary';

/** The decoder's input for `source`: `start`, then every source item but the last. */
export function shiftRight<T>(source: readonly T[], start: T): T[] {
  return [start, ...source.slice(0, -1)];
}

/** The source token that decoder position `position` reads (undefined for the start token). */
export function sourceOfTarget(position: number): number | undefined {
  return position === 0 ? undefined : position - 1;
}

/** Encoder positions are source tokens; decoder positions are the shifted target. */
export type Side = 'source' | 'target';

/** Which side the queries and the keys of an attention kind are on. */
export function sides(kind: AttentionKind): { queries: Side; keys: Side } {
  if (kind === 'encoderSelf') return { queries: 'source', keys: 'source' };
  if (kind === 'decoderSelf') return { queries: 'target', keys: 'target' };
  return { queries: 'target', keys: 'source' };
}
