/**
 * The plain data the views receive. No classes, no tfjs tensors: the webview boot turns model output
 * into these shapes, and views never reach back into the model.
 *
 * Indices are 0-based everywhere in data (layer 0 is the bottom layer, as in the checkpoint names
 * `layers.{i}`); views display them 1-based ("Layer 1", "Head 1") because that is how people count.
 */

import type { CharacterPiece } from '../../src/shared/character-pieces';
import type { AttentionKind } from '../../src/shared/vocabulary';

/** Which of the Transformer's three attentions a matrix comes from. */
export type { AttentionKind } from '../../src/shared/vocabulary';

/** One token as it appears on an axis. */
export interface TokenLabel {
  /** The token's text as it appears in the source (whitespace not yet made visible). */
  text: string;
  /** Position in its sequence (0-based), the `pos` of the positional encoding. */
  position: number;
  /** Vocabulary id. */
  id: number;
  /** Set when the token is one byte piece of a character split by byte fallback. */
  piece?: CharacterPiece;
}

/**
 * Attention weights of one layer and one head (or the mean over heads).
 *
 * Queries and keys per kind:
 * - encoderSelf: source tokens x source tokens;
 * - decoderSelf: decoder-input tokens (`<s>` + source shifted right by one) x the same, causal;
 * - cross: decoder-input tokens (queries) x source tokens (keys: the encoder's output).
 */
export interface AttentionMatrix {
  kind: AttentionKind;
  /** A layer, or 'rollout': attention rollout over all layers (then `head` is 'mean'). */
  layer: number | 'rollout';
  head: number | 'mean';
  queries: TokenLabel[];
  keys: TokenLabel[];
  /** queries.length * keys.length weights, row-major: row q is the softmax over keys for query q. */
  weights: Float32Array;
  /**
   * What the numbers are: attention weights (default), value-weighted attention α_ij · ‖f(x_j)‖
   * (not bounded by 1, rows need not sum to 1), or rollout (rows sum to 1).
   */
  measure?: 'weights' | 'weighted' | 'rollout';
  /** Same layout; 1 = masked (its score was set to -inf before the softmax, so its weight is 0). */
  masked?: Uint8Array;
  /** First token position the checkpoint was never trained on, when the run reaches it. */
  untrainedFrom?: number;
}

/** A token of the selection with its character offsets in the document, for the tokens view. */
export interface TokenSpan extends TokenLabel {
  /** Offset of the first character in the selected text. */
  start: number;
  /** Offset one past the last character: the token covers [start, end). */
  end: number;
  /** True for tokens the tokenizer adds (<s>, </s>, <pad>), which cover no text. */
  special?: boolean;
}

/** Which axis of an attention matrix a token sits on. */
export type TokenSide = 'query' | 'key';

/** What every view returns: feed it new data, or take it down. */
export interface ViewHandle<D> {
  update(data: D): void;
  dispose(): void;
}
