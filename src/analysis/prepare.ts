/**
 * From the text the user chose to the tokens the model reads: tokenise, cut to the model's maximum
 * length, and say in plain words what was cut. No `vscode` import (unit-tested in Node).
 */
import type { WireToken } from '../protocol';

export interface TokenizerLike {
  encode(text: string): { id: number; text: string; start: number; end: number }[];
}

export interface PreparedTokens {
  tokens: WireToken[];
  notices: string[];
}

/** Above this many characters only a prefix is tokenised: nothing past maxTokens is shown anyway. */
export const EXACT_COUNT_LIMIT = 200_000;

const fmt = (n: number) => n.toLocaleString('en-US');

export function prepareTokens(tokenizer: TokenizerLike, text: string, maxTokens: number): PreparedTokens {
  const notices: string[] = [];
  // A generous prefix: no token is longer than 64 characters' worth of the prefix it came from.
  const exact = text.length <= EXACT_COUNT_LIMIT;
  const input = exact ? text : text.slice(0, Math.min(text.length, maxTokens * 64));
  const all = tokenizer.encode(input);
  const tokens = all.slice(0, maxTokens).map(({ id, text: t, start, end }) => ({ id, text: t, start, end }));
  if (all.length > maxTokens || !exact) {
    const cutAt = tokens.length ? tokens[tokens.length - 1].end : 0;
    if (exact) {
      notices.push(`The selection has ${fmt(all.length)} tokens; the model reads at most ${fmt(maxTokens)}, so the last ${fmt(all.length - maxTokens)} tokens (from character ${fmt(cutAt)} on) were dropped.`);
    } else {
      notices.push(`The selection has ${fmt(text.length)} characters; the model reads at most ${fmt(maxTokens)} tokens, so it was cut after character ${fmt(cutAt)} and the remaining ${fmt(text.length - cutAt)} characters were not analysed.`);
    }
  }
  return { tokens, notices };
}

/**
 * What to say when a run is longer than the longest sequence the checkpoint was trained on
 * (`trainedLength`): positions from there on were never seen in training, so their attention is
 * extrapolation, however smooth the sinusoids make it look. Undefined when there is nothing to say.
 */
export function untrainedPositionsNotice(tokenCount: number, trainedLength: number | undefined): string | undefined {
  if (trainedLength === undefined || tokenCount <= trainedLength) return undefined;
  return `This model was trained on sequences of at most ${fmt(trainedLength)} tokens: positions ${fmt(trainedLength)}–${fmt(tokenCount - 1)} of this run were never trained, so their attention is extrapolation (the line on the heatmap's axes marks where it starts).`;
}
