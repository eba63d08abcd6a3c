/**
 * The token ids one run feeds the model, and the length it is padded to. Its own module: the
 * session builds them and the attention store keeps them, and neither should import the other's file.
 *
 * The encoder reads the selection; the decoder reads the selection shifted right by one start token
 * (teacher forcing), so all three attentions are shown on the same code.
 */
import { BOS_ID, MASK_ID } from '../../src/model/tokenizer';
import type { WireToken } from '../../src/shared/protocol';
import { shiftRight, sides } from '../../src/shared/teacher-forcing';
import type { AttentionKind } from '../../src/shared/vocabulary';
import type { MatrixShape } from './engine-client';

export interface RunInputs {
  src: number[];
  /** `<s>` followed by the source without its last token. */
  tgt: number[];
}

/**
 * `masked` source positions read <mask> in the encoder input; the decoder still reads the real
 * tokens, so its predictions there show what the model restores.
 */
export function teacherForcedInputs(tokens: WireToken[], masked: readonly number[] = []): RunInputs {
  const real = tokens.map((t) => t.id);
  const hide = new Set(masked);
  return { src: real.map((id, i) => (hide.has(i) ? MASK_ID : id)), tgt: shiftRight(real, BOS_ID) };
}

/**
 * The length a run of n tokens is padded to. WebGL compiles its shader programs for each tensor
 * shape, which cost seconds on the first run of each length (SwiftShader: about 1.8 s for a
 * 6-layer encoder); padding to a few bucket lengths lets a changed selection reuse them. Padded
 * keys get weight exactly 0 and every real position computes what it would without the padding
 * (src/model/transformer.ts); the store shows only the real n x n part. Other backends compile
 * nothing per shape and run the exact length.
 */
export function paddedLength(n: number, maxLength: number, backend: string): number {
  if (backend !== 'webgl') return n;
  const step = n <= 128 ? 32 : n <= 512 ? 64 : 128;
  return Math.min(maxLength, Math.ceil(n / step) * step);
}

/** Queries x keys of one attention of a run: encoder positions are the source, decoder ones the target. */
export function matrixShape(kind: AttentionKind, inputs: RunInputs): MatrixShape {
  const length = { source: inputs.src.length, target: inputs.tgt.length };
  const side = sides(kind);
  return { nQueries: length[side.queries], nKeys: length[side.keys] };
}
