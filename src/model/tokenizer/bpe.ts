import { TokenizerError } from './errors';
import { BYTE_OFFSET, FIRST_MERGE_ID } from './special-tokens';

/**
 * Most ids a tokenizer may have (specials, bytes and merges): 2^18, more than twice the largest
 * vocabularies in use. It bounds what a tokenizer.json can make the reader allocate, and makes
 * {@link pairKey} exact for every id the format allows.
 */
export const MAX_VOCAB_SIZE = 1 << 18;

/** Key of the adjacent pair (left, right) in merge tables: exact (below 2^36) for ids below {@link MAX_VOCAB_SIZE}. */
export function pairKey(left: number, right: number): number {
  return left * MAX_VOCAB_SIZE + right;
}

/** The pair a {@link pairKey} stands for. */
export function pairOfKey(key: number): [number, number] {
  return [Math.floor(key / MAX_VOCAB_SIZE), key % MAX_VOCAB_SIZE];
}

/**
 * Longest token in bytes: a piece is at most MAX_PIECE_LENGTH (64) UTF-16 units, each at most 3
 * WTF-8 bytes, and merges never cross pieces, so a longer token could never be produced. Without
 * the bound, 40 merges each joining the previous token with itself would ask for 2^40 bytes.
 */
export const MAX_TOKEN_BYTES = 192;

/**
 * Byte-level BPE with a fixed merge list. Merge k joins the tokens `merges[k]` into the new id
 * `FIRST_MERGE_ID + k`; a lower id means an earlier merge, which has priority, exactly as in
 * training, so encoding a piece reproduces the segmentation the trainer saw.
 */
export class BytePairEncoding {
  /** pairKey(left, right) -> merged id. */
  private readonly ranks = new Map<number, number>();
  /** Bytes of every id >= BYTE_OFFSET (index id - BYTE_OFFSET). */
  private readonly bytesOf: Uint8Array[] = [];

  constructor(readonly merges: ReadonlyArray<readonly [number, number]>) {
    for (let b = 0; b < 256; b++) this.bytesOf.push(Uint8Array.of(b));
    merges.forEach(([left, right], k) => {
      const id = FIRST_MERGE_ID + k;
      if (!(Number.isInteger(left) && Number.isInteger(right) && left >= BYTE_OFFSET && left < id && right >= BYTE_OFFSET && right < id && id < MAX_VOCAB_SIZE)) {
        throw new TokenizerError(`merges[${k}] (${left}, ${right}) refers to an id that is not a byte or an earlier merge.`);
      }
      const key = pairKey(left, right);
      if (this.ranks.has(key)) throw new TokenizerError(`merges[${k}] (${left}, ${right}) is a duplicate of merges[${this.ranks.get(key)! - FIRST_MERGE_ID}].`);
      this.ranks.set(key, id);
      const a = this.bytesOf[left - BYTE_OFFSET];
      const b = this.bytesOf[right - BYTE_OFFSET];
      if (a.length + b.length > MAX_TOKEN_BYTES) {
        throw new TokenizerError(`merges[${k}] (${left}, ${right}) makes a token of ${a.length + b.length} bytes; no piece is longer than ${MAX_TOKEN_BYTES}, so no merge can be.`);
      }
      const joined = new Uint8Array(a.length + b.length);
      joined.set(a);
      joined.set(b, a.length);
      this.bytesOf.push(joined);
    });
  }

  /** Bytes a non-special id stands for. */
  bytes(id: number): Uint8Array {
    const b = this.bytesOf[id - BYTE_OFFSET];
    if (!b) throw new RangeError(`Token id ${id} is not a byte or merged token.`);
    return b;
  }

  /**
   * Token ids of one pre-tokenized piece. Repeatedly applies the earliest-learned merge present,
   * at every non-overlapping occurrence from left to right. Pieces are short (capped by the
   * pre-tokenizer), so the quadratic scan is cheaper than a heap.
   */
  encodeBytes(bytes: Uint8Array): number[] {
    const ids = Array.from(bytes, (b) => b + BYTE_OFFSET);
    for (;;) {
      let best = Infinity;
      for (let i = 0; i + 1 < ids.length; i++) {
        const r = this.ranks.get(pairKey(ids[i], ids[i + 1]));
        if (r !== undefined && r < best) best = r;
      }
      if (best === Infinity) return ids;
      const [left, right] = this.merges[best - FIRST_MERGE_ID];
      let w = 0;
      for (let i = 0; i < ids.length; i++) {
        if (i + 1 < ids.length && ids[i] === left && ids[i + 1] === right) {
          ids[w++] = best;
          i++;
        } else {
          ids[w++] = ids[i];
        }
      }
      ids.length = w;
    }
  }
}
