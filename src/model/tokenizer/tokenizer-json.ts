import { fingerprint } from './fingerprint';
import { PRETOKENIZER_ID } from './pretokenize';
import { BYTE_OFFSET, SPECIAL_TOKENS } from './special-tokens';

/** Identifies the layout of tokenizer.json. */
export const TOKENIZER_FORMAT = 'transformer-xray-tokenizer/1';

/**
 * The serialized tokenizer (media/model/tokenizer.json). Only `pretokenizer`, `specialTokens`,
 * `byteOffset` and `merges` define behaviour; `version` is derived from them and is what a
 * checkpoint's metadata key `tokenizer` records; `training` is informational.
 */
export interface TokenizerJSON {
  format: typeof TOKENIZER_FORMAT;
  /** `code-bpe-<vocabSize>-<fingerprint>`, see {@link tokenizerVersion}. */
  version: string;
  pretokenizer: string;
  specialTokens: string[];
  byteOffset: number;
  /** Merge k joins the two ids into id `byteOffset + 256 + k`. */
  merges: [number, number][];
  /** How the merges were learned (corpus, sizes, time); not read by the tokenizer. */
  training?: Record<string, unknown>;
}

/** The version string of a tokenizer: vocabulary size plus a fingerprint of everything that defines it. */
export function tokenizerVersion(t: Pick<TokenizerJSON, 'pretokenizer' | 'specialTokens' | 'byteOffset' | 'merges'>): string {
  const defining = JSON.stringify([t.pretokenizer, t.specialTokens, t.byteOffset, t.merges]);
  return `code-bpe-${t.byteOffset + 256 + t.merges.length}-${fingerprint(defining)}`;
}

/** Builds the JSON for merges learned with this code's pre-tokenizer and specials. */
export function toTokenizerJSON(merges: [number, number][], training?: Record<string, unknown>): TokenizerJSON {
  const base = { pretokenizer: PRETOKENIZER_ID, specialTokens: [...SPECIAL_TOKENS], byteOffset: BYTE_OFFSET, merges };
  return { format: TOKENIZER_FORMAT, version: tokenizerVersion(base), ...base, ...(training ? { training } : {}) };
}
