import { BytePairEncoding } from './bpe';
import { pretokenize } from './pretokenize';
import { BYTE_OFFSET, SPECIAL_TOKENS } from './special-tokens';
import type { TokenizerJSON } from './tokenizer-json';
import { parseTokenizerJson, readTokenizerJson } from './tokenizer-validation';
import { decodeWtf8, encodeWtf8 } from './wtf8';

/**
 * One token of an encoded text. `[start, end)` are UTF-16 offsets into the encoded string and the
 * tokens of one `encode` call tile it: the first starts at 0, each starts where the previous ended,
 * the last ends at `text.length`. `text` is `input.slice(start, end)`.
 *
 * When byte fallback splits one character (an emoji, a CJK ideograph the vocabulary lacks) over
 * several tokens, the character belongs to the token holding its LAST byte; the tokens holding its
 * earlier bytes get the empty range `[charStart, charStart)` and empty `text`. Their bytes are still
 * in `idToText(id)`.
 */
export interface Token {
  id: number;
  text: string;
  start: number;
  end: number;
}

/** Token ids of a piece and, per token, its UTF-16 end relative to the piece start. */
interface EncodedPiece {
  ids: number[];
  ends: number[];
}

/** Entries kept in the piece cache before it is cleared (bounds memory on huge inputs). */
const CACHE_LIMIT = 200_000;

/**
 * The code-aware byte-level BPE tokenizer of the shipped model.
 *
 * Ids: 0 `<pad>`, 1 `<s>`, 2 `</s>`, 3 `<mask>`, then `4 + b` for byte b (byte fallback: every string
 * is encodable), then the learned merges. Text is turned into bytes with WTF-8 (see wtf8.ts), so
 * `decode(encode(x).map(t => t.id)) === x` for EVERY JavaScript string, lone surrogates included.
 */
export class Tokenizer {
  /** `code-bpe-<vocabSize>-<fingerprint>`; checkpoints record it under metadata key `tokenizer`. */
  readonly version: string;
  /** Number of ids: specials + 256 bytes + merges. */
  readonly vocabSize: number;
  private readonly bpe: BytePairEncoding;
  private readonly cache = new Map<string, EncodedPiece>();

  private constructor(json: TokenizerJSON) {
    this.version = json.version;
    this.bpe = new BytePairEncoding(json.merges);
    this.vocabSize = BYTE_OFFSET + 256 + json.merges.length;
  }

  /**
   * Loads a tokenizer from tokenizer.json (parsed or as text), checking every field and its version
   * fingerprint (tokenizer-validation.ts).
   * @throws TokenizerError naming the field at fault.
   */
  static fromJSON(json: unknown): Tokenizer {
    return new Tokenizer(typeof json === 'string' ? parseTokenizerJson(json) : readTokenizerJson(json));
  }

  /** Tokens of `text`, with exact UTF-16 offsets that tile it. Never emits special tokens. */
  encode(text: string): Token[] {
    const bounds = pretokenize(text);
    const tokens: Token[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const start = bounds[k];
      const piece = this.encodePiece(text.slice(start, bounds[k + 1]));
      let s = start;
      for (let t = 0; t < piece.ids.length; t++) {
        const e = start + piece.ends[t];
        tokens.push({ id: piece.ids[t], text: text.slice(s, e), start: s, end: e });
        s = e;
      }
    }
    return tokens;
  }

  /** Just the ids of `encode(text)`. */
  encodeIds(text: string): number[] {
    const bounds = pretokenize(text);
    const ids: number[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      for (const id of this.encodePiece(text.slice(bounds[k], bounds[k + 1])).ids) ids.push(id);
    }
    return ids;
  }

  /**
   * The text of a sequence of ids: their bytes concatenated and decoded as WTF-8. Special tokens
   * carry no text and are skipped; bytes that form no valid sequence (possible only for ids that
   * did not come from `encode`) become U+FFFD.
   */
  decode(ids: readonly number[]): string {
    const bytes: number[] = [];
    for (const id of ids) {
      this.checkId(id);
      if (id < BYTE_OFFSET) continue;
      for (const b of this.bpe.bytes(id)) bytes.push(b);
    }
    return decodeWtf8(bytes);
  }

  /**
   * A display form of one id: the special's name (`<s>`), or the token's text; bytes that do not
   * form a whole character on their own (a piece of a split emoji) are shown as `<0xF0>`.
   */
  idToText(id: number): string {
    this.checkId(id);
    if (id < BYTE_OFFSET) return SPECIAL_TOKENS[id];
    return decodeWtf8(this.bpe.bytes(id), (b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  }

  /** The raw bytes of a non-special id. */
  idToBytes(id: number): Uint8Array {
    this.checkId(id);
    if (id < BYTE_OFFSET) throw new RangeError(`Token id ${id} (${SPECIAL_TOKENS[id]}) is special and has no bytes.`);
    return this.bpe.bytes(id).slice();
  }

  /** True for `<pad>`, `<s>`, `</s>`, `<mask>`. */
  isSpecial(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < BYTE_OFFSET;
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new RangeError(`Token id ${id} is outside the vocabulary (0..${this.vocabSize - 1}).`);
    }
  }

  private encodePiece(piece: string): EncodedPiece {
    const hit = this.cache.get(piece);
    if (hit) return hit;
    const boundaries: number[] = [];
    const bytes = encodeWtf8(piece, boundaries);
    const ids = this.bpe.encodeBytes(bytes);
    const ends: number[] = [];
    let byte = 0;
    for (const id of ids) {
      byte += this.bpe.bytes(id).length;
      ends.push(boundaries[byte - 1]);
    }
    const encoded = { ids, ends };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(piece, encoded);
    return encoded;
  }
}
