/**
 * From the text the user chose to the tokens the model reads: tokenise, cut to the model's maximum
 * length, and say in plain words what was cut. No `vscode` import (unit-tested in Node).
 */
import type { WireToken } from '../../shared/protocol';
import { type TokenWindow, type WindowPlacement, placeWindow } from './token-window';

export interface TokenizerLike {
  encode(text: string): { id: number; text: string; start: number; end: number }[];
}

export interface PreparedTokens {
  /** The tokens analysed; offsets are relative to the window's first character (the text's start when not windowed). */
  tokens: WireToken[];
  notices: string[];
  /** Set when the text has more tokens than the model reads: which of them are analysed. */
  window?: TokenWindow;
}

/** Above this many characters only a prefix is tokenised: nothing past maxTokens is shown anyway. */
export const EXACT_COUNT_LIMIT = 200_000;

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Tokenises `text` and keeps the window of at most `maxTokens` tokens that `placement` asks for
 * (the first ones by default). Texts above EXACT_COUNT_LIMIT characters are only read from their start.
 */
export function prepareTokens(tokenizer: TokenizerLike, text: string, maxTokens: number, placement: WindowPlacement = { first: 0 }): PreparedTokens {
  const notices: string[] = [];
  // A generous prefix: no token is longer than 64 characters' worth of the prefix it came from.
  const exact = text.length <= EXACT_COUNT_LIMIT;
  const input = exact ? text : text.slice(0, Math.min(text.length, maxTokens * 64));
  const all = tokenizer.encode(input);
  if (exact && all.length > maxTokens) {
    const window = placeWindow(all, maxTokens, placement);
    const tokens = all.slice(window.first, window.first + window.count).map(({ id, text: t, start, end }) => ({ id, text: t, start: start - window.startChar, end: end - window.startChar }));
    const rest = fmt(all.length - window.count);
    notices.push(
      window.first === 0
        ? `The selection has ${fmt(all.length)} tokens; the model reads at most ${fmt(maxTokens)}, so the last ${rest} tokens (from character ${fmt(window.endChar)} on) were dropped. Move the window to see them.`
        : `The selection has ${fmt(all.length)} tokens; the model reads at most ${fmt(maxTokens)}: this window is tokens ${fmt(window.first)}–${fmt(window.first + window.count - 1)} (characters ${fmt(window.startChar)}–${fmt(window.endChar)}), the other ${rest} are not analysed.`,
    );
    return { tokens, notices, window };
  }
  const tokens = all.slice(0, maxTokens).map(({ id, text: t, start, end }) => ({ id, text: t, start, end }));
  if (!exact) {
    const cutAt = tokens.length ? tokens[tokens.length - 1].end : 0;
    notices.push(`The selection has ${fmt(text.length)} characters; the model reads at most ${fmt(maxTokens)} tokens, so it was cut after character ${fmt(cutAt)} and the remaining ${fmt(text.length - cutAt)} characters were not analysed.`);
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
