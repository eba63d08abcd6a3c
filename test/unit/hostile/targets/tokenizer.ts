/**
 * Fuzz target: Tokenizer.fromJSON on small valid tokenizer.json values mutated where a hostile file
 * would be: fields removed or retyped, ids out of range or of the wrong type, merges of the wrong
 * shape, duplicates, chains whose tokens double in length, too many merges, hostile JSON; the
 * version is recomputed after most mutations so the checks behind the fingerprint are reached.
 * A tokenizer that loads must encode and decode a mixed text exactly.
 */
import { MAX_VOCAB_SIZE } from '../../../../src/model/tokenizer/bpe';
import { TokenizerError } from '../../../../src/model/tokenizer/errors';
import { BYTE_OFFSET, FIRST_MERGE_ID } from '../../../../src/model/tokenizer/special-tokens';
import { Tokenizer } from '../../../../src/model/tokenizer/tokenizer';
import { toTokenizerJSON, tokenizerVersion, type TokenizerJSON } from '../../../../src/model/tokenizer/tokenizer-json';
import type { FuzzTarget } from '../fuzz-target';
import { DEEP, deepArray, deepObject, EXTREME_NUMBERS, hostileValue, type Random } from '../fuzz-random';

const SAMPLE = 'def f(x):\n  return x**2 # 注意 é e\u0301 😀 \ud800 ab ab ab';

/** Random valid merges: each joins two earlier ids, no pair twice. */
function validMerges(r: Random): [number, number][] {
  const merges: [number, number][] = [];
  const seen = new Set<string>();
  const bytes = Array.from('abc xyz'.split(''), (c) => c.charCodeAt(0) + BYTE_OFFSET);
  for (let k = 0, tries = 0; k < r.int(40) && tries < 200; tries++) {
    const id = FIRST_MERGE_ID + merges.length;
    const from = (): number => (r.chance(0.5) || merges.length === 0 ? r.pick(bytes) : FIRST_MERGE_ID + r.int(id - FIRST_MERGE_ID));
    const pair: [number, number] = [from(), from()];
    if (seen.has(pair.join())) continue;
    seen.add(pair.join());
    merges.push(pair);
    k++;
  }
  return merges;
}

/** Merges for one more id than the format allows, built once (4 MB). */
let tooMany: [number, number][] | undefined;

function mutateMerges(merges: unknown[], r: Random): unknown[] {
  const k = r.int(merges.length + 1);
  const id = FIRST_MERGE_ID + k;
  switch (r.int(9)) {
    case 0: merges[k] = r.pick([[4, 5, 6], [4], [], 'ab', { 0: 4, 1: 5 }, null, [[4], [5]]]); break;
    case 1: merges[k] = [r.pick(EXTREME_NUMBERS), BYTE_OFFSET]; break;
    case 2: merges[k] = [BYTE_OFFSET, r.pick([String(BYTE_OFFSET), id, id + 1, 3, -1, 65536, 65536 + BYTE_OFFSET, 2 ** 31, 4.5])]; break;
    case 3: if (merges.length > 0) merges.push(merges[r.int(merges.length)]); break; // a duplicate
    case 4: {
      // Each merge joins the previous token with itself: lengths double (2^40 bytes after 40).
      let last = BYTE_OFFSET + 97;
      for (let n = 0; n < 10 + r.int(40); n++) {
        merges.push([last, last]);
        last = FIRST_MERGE_ID + merges.length - 1;
      }
      break;
    }
    case 5:
      // Rare: fingerprinting 262,000 merges takes a while.
      if (r.chance(0.02)) return (tooMany ??= Array.from({ length: MAX_VOCAB_SIZE - FIRST_MERGE_ID + 1 }, (_, i) => [BYTE_OFFSET + (i % 256), BYTE_OFFSET + ((i >> 8) % 256)])).slice();
      break;
    case 6: merges.length = merges.length + 2; break; // holes
    case 7: merges[k] = hostileValue(r); break;
    default: merges[k] = [r.pick(EXTREME_NUMBERS), r.pick(EXTREME_NUMBERS)];
  }
  return merges;
}

function mutate(json: Record<string, unknown>, r: Random): void {
  const field = r.pick(['format', 'version', 'pretokenizer', 'specialTokens', 'byteOffset', 'merges', 'merges', 'merges', 'training']);
  if (field === 'merges' && r.chance(0.8)) json.merges = mutateMerges(Array.isArray(json.merges) ? json.merges : [], r);
  else if (r.chance(0.2)) delete json[field];
  else if (field === 'specialTokens' && r.chance(0.5)) json[field] = r.pick([['<pad>', '<s>', '</s>'], ['<pad>', '<s>', '</s>', '<mask>', '<x>'], [0, 1, 2, 3], ['<pad>', '<s>', '</s>', 3], 'abcd']);
  else if (field === 'byteOffset' && r.chance(0.5)) json[field] = r.pick([0, 3, 5, '4', 4.0, -4, 256]);
  else json[field] = hostileValue(r);
  // Most of the time the fingerprint is made to match, so the checks behind it are reached (a value
  // too deep to fingerprint keeps the stale one).
  const tooDeep = (v: unknown): boolean => typeof v === 'object' && v !== null && DEEP.has(v);
  if (r.chance(0.75) && !Object.values(json).some(tooDeep) && !(Array.isArray(json.merges) && json.merges.some(tooDeep))) {
    try {
      json.version = tokenizerVersion(json as unknown as TokenizerJSON);
    } catch {
      // a value too deep or odd to fingerprint: the stale version stays
    }
  }
}

/** One case: the value given to fromJSON (parsed, or as text). */
export type TokenizerCase = unknown;

export const tokenizerTarget: FuzzTarget<TokenizerCase> = {
  name: 'tokenizer loader',
  make(r) {
    if (r.chance(0.01)) return r.pick([() => deepArray(100_000), () => deepObject(100_000), () => hostileValue(r), () => '{"merges":' + '['.repeat(100_000)])();
    const json = toTokenizerJSON(validMerges(r)) as unknown as Record<string, unknown>;
    if (r.chance(0.85)) for (let n = 1 + r.int(2); n > 0; n--) mutate(json, r);
    if (r.chance(0.15)) {
      try {
        return JSON.stringify(json);
      } catch {
        return json;
      }
    }
    return json;
  },
  run(input) {
    const tok = Tokenizer.fromJSON(input);
    const tokens = tok.encode(SAMPLE);
    if (tokens.some((t) => !(t.id >= BYTE_OFFSET && t.id < tok.vocabSize))) throw new Error('an id outside the vocabulary');
    if (tok.decode(tokens.map((t) => t.id)) !== SAMPLE) throw new Error('decode(encode(x)) !== x');
  },
  allowed: (e) => e instanceof TokenizerError,
};
