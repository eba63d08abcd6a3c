/**
 * Axis labels and masks of one run, from its tokens: the encoder reads the source tokens, the
 * decoder the target shifted right (shared/teacher-forcing.ts).
 */
import type { WireToken } from '../../src/shared/protocol';
import type { TokenLabel } from '../views/types';
import { characterPieces } from '../../src/shared/character-pieces';
import { type AttentionKind } from '../../src/shared/vocabulary';
import { shiftRight, sides } from '../../src/shared/teacher-forcing';
import { subsequentMask } from '../../src/model/masks';

export const START_TOKEN_TEXT = '<s>';

export interface RunLabels {
  source: TokenLabel[];
  target: TokenLabel[];
}

export function runLabels(tokens: readonly WireToken[], bosId: number): RunLabels {
  const pieces = characterPieces(tokens);
  const label = (t: WireToken, i: number, position: number): TokenLabel => (pieces[i] ? { text: t.text, position, id: t.id, piece: pieces[i] } : { text: t.text, position, id: t.id });
  const source = tokens.map((t, i) => label(t, i, i));
  const target = shiftRight(source, { text: START_TOKEN_TEXT, position: 0, id: bosId }).map((t, position) => ({ ...t, position }));
  return { source, target };
}

export function axes(labels: RunLabels, kind: AttentionKind): { queries: TokenLabel[]; keys: TokenLabel[] } {
  const side = sides(kind);
  return { queries: labels[side.queries], keys: labels[side.keys] };
}

/**
 * 1 where the score was set to −∞ before the softmax (the heatmap hatches these): above the diagonal
 * of decoder self-attention. Here 1 = masked; the model's subsequentMask, inverted here, has 1 = allowed.
 */
export function maskFor(kind: AttentionKind, nQueries: number, nKeys: number): Uint8Array | undefined {
  if (kind !== 'decoderSelf') return undefined; // one unpadded sequence: only the causal mask applies
  return subsequentMask(nQueries, nKeys).map((allowed) => 1 - allowed);
}
