import { MAX_VOCAB_SIZE, pairKey, pairOfKey } from './bpe';
import { encodeWtf8 } from './wtf8';
import { BYTE_OFFSET, FIRST_MERGE_ID } from './special-tokens';

/**
 * Learns byte-level BPE merges from piece frequencies (Sennrich et al. 2016, on bytes as in GPT-2).
 *
 * Deterministic by construction: pieces are processed in sorted order, and when two pairs are
 * equally frequent the one with the smaller (left id, right id) wins. The same counts therefore
 * give the same merges on every machine and every run.
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
  const addWord = (w: number, sign: 1 | -1): void => {
    const ids = words[w];
    for (let i = 0; i + 1 < ids.length; i++) {
      const key = pairKey(ids[i], ids[i + 1]);
      const c = (counts.get(key) ?? 0) + sign * freq[w];
      if (c === 0) counts.delete(key);
      else counts.set(key, c);
      if (sign > 0) {
        let set = where.get(key);
        if (!set) where.set(key, (set = new Set()));
        set.add(w);
      }
    }
  };
  for (let w = 0; w < words.length; w++) addWord(w, 1);

  const merges: [number, number][] = [];
  for (let id = FIRST_MERGE_ID + merges.length; id < vocabSize; id++) {
    let bestKey = -1;
    let bestCount = 0;
    for (const [key, c] of counts) {
      if (c > bestCount || (c === bestCount && key < bestKey)) {
        bestKey = key;
        bestCount = c;
      }
    }
    if (bestKey < 0 || bestCount < minCount) break;
    const [left, right] = pairOfKey(bestKey);
    merges.push([left, right]);
    const touched = [...(where.get(bestKey) ?? [])].sort((a, b) => a - b);
    where.delete(bestKey);
    for (const w of touched) {
      const ids = words[w];
      let found = false;
      for (let i = 0; i + 1 < ids.length; i++) if (ids[i] === left && ids[i + 1] === right) found = true;
      if (!found) continue; // stale entry: an earlier merge already consumed the pair here
      addWord(w, -1);
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
      addWord(w, 1);
    }
  }
  return merges;
}
