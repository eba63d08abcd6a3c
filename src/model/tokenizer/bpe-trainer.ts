import { MAX_VOCAB_SIZE, pairKey, pairOfKey } from './bpe';
import { encodeWtf8 } from './wtf8';
import { BYTE_OFFSET, FIRST_MERGE_ID } from './special-tokens';

/**
 * Learns byte-level BPE merges from piece frequencies (Sennrich et al. 2016, on bytes as in GPT-2).
 *
 * Deterministic by construction: each step merges the most frequent pair, and when two pairs are
 * equally frequent the one with the smaller (left id, right id) wins. The same counts therefore
 * give the same merges on every machine and every run, whatever order the pieces come in.
 *
 * The best pair is found with a max-heap of (count, pair) entries that are checked against the
 * live counts when popped (an entry whose count changed since is stale and dropped), so a merge
 * costs the words it touches, not a scan of every pair: 16k merges over 100 MB of code take
 * seconds, not hours.
 *
 * @param pieceCounts how often each pre-tokenized piece occurs in the corpus
 * @param vocabSize size of the final vocabulary, specials and the 256 byte tokens included
 * @param minCount stop early when the best pair occurs fewer times than this
 * @returns the merges, in the order learned (merge k creates id FIRST_MERGE_ID + k)
 */
export function trainBpe(pieceCounts: ReadonlyMap<string, number>, vocabSize: number, minCount = 2): [number, number][] {
  if (vocabSize > MAX_VOCAB_SIZE) throw new RangeError(`vocabSize ${vocabSize} is above the format's limit of ${MAX_VOCAB_SIZE} ids.`);
  const pieces = [...pieceCounts.keys()].sort();
  const words: number[][] = pieces.map((p) => Array.from(encodeWtf8(p), (b) => b + BYTE_OFFSET));
  const freq = pieces.map((p) => pieceCounts.get(p) ?? 0);

  const counts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const heap = new PairHeap();
  const addPairs = (w: number, sign: 1 | -1, changed: Map<number, number>): void => {
    const ids = words[w];
    for (let i = 0; i + 1 < ids.length; i++) {
      const key = pairKey(ids[i], ids[i + 1]);
      changed.set(key, (changed.get(key) ?? 0) + sign * freq[w]);
      if (sign > 0) {
        let set = where.get(key);
        if (!set) where.set(key, (set = new Set()));
        set.add(w);
      }
    }
  };
  const apply = (changed: Map<number, number>): void => {
    for (const [key, delta] of changed) {
      if (delta === 0) continue;
      const c = (counts.get(key) ?? 0) + delta;
      if (c === 0) counts.delete(key);
      else {
        counts.set(key, c);
        heap.push(c, key);
      }
    }
  };
  const initial = new Map<number, number>();
  for (let w = 0; w < words.length; w++) addPairs(w, 1, initial);
  apply(initial);

  const merges: [number, number][] = [];
  for (let id = FIRST_MERGE_ID; id < vocabSize; id++) {
    let bestKey = -1;
    let bestCount = 0;
    while (heap.size > 0) {
      const [c, key] = heap.pop();
      if (counts.get(key) === c) {
        bestKey = key;
        bestCount = c;
        break;
      }
    }
    if (bestKey < 0 || bestCount < minCount) break;
    const [left, right] = pairOfKey(bestKey);
    merges.push([left, right]);
    const touched = [...(where.get(bestKey) ?? [])].sort((a, b) => a - b);
    where.delete(bestKey);
    const changed = new Map<number, number>();
    for (const w of touched) {
      const ids = words[w];
      let found = false;
      for (let i = 0; i + 1 < ids.length; i++) if (ids[i] === left && ids[i + 1] === right) found = true;
      if (!found) continue; // stale entry: an earlier merge already consumed the pair here
      addPairs(w, -1, changed);
      const merged: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (i + 1 < ids.length && ids[i] === left && ids[i + 1] === right) {
          merged.push(id);
          i++;
        } else {
          merged.push(ids[i]);
        }
      }
      words[w] = merged;
      addPairs(w, 1, changed);
    }
    apply(changed);
  }
  return merges;
}

/** Max-heap of (count, key): larger count first, then smaller key (the trainer's tie rule). */
class PairHeap {
  private readonly countOf: number[] = [];
  private readonly keyOf: number[] = [];

  get size(): number {
    return this.countOf.length;
  }

  private before(i: number, j: number): boolean {
    const a = this.countOf[i];
    const b = this.countOf[j];
    return a > b || (a === b && this.keyOf[i] < this.keyOf[j]);
  }

  private swap(i: number, j: number): void {
    [this.countOf[i], this.countOf[j]] = [this.countOf[j], this.countOf[i]];
    [this.keyOf[i], this.keyOf[j]] = [this.keyOf[j], this.keyOf[i]];
  }

  push(count: number, key: number): void {
    this.countOf.push(count);
    this.keyOf.push(key);
    for (let i = this.countOf.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): [number, number] {
    const top: [number, number] = [this.countOf[0], this.keyOf[0]];
    const lastCount = this.countOf.pop()!;
    const lastKey = this.keyOf.pop()!;
    if (this.countOf.length > 0) {
      this.countOf[0] = lastCount;
      this.keyOf[0] = lastKey;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.countOf.length && this.before(l, best)) best = l;
        if (r < this.countOf.length && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}
