/**
 * Validation of a tokenizer.json read from an untrusted place (beside a user's checkpoint): every
 * field is checked for presence and type, ids for their ranges and merges for their shape, before
 * anything is built from it. Every failure is a {@link TokenizerError} naming the field.
 */
import { preview, shortMessage } from '../value-preview';
import { MAX_VOCAB_SIZE } from './bpe';
import { TokenizerError } from './errors';
import { PRETOKENIZER_ID } from './pretokenize';
import { BYTE_OFFSET, FIRST_MERGE_ID, SPECIAL_TOKENS } from './special-tokens';
import { TOKENIZER_FORMAT, tokenizerVersion, type TokenizerJSON } from './tokenizer-json';

/** Most merges a tokenizer may have: its ids stay below {@link MAX_VOCAB_SIZE}. */
export const MAX_MERGES = MAX_VOCAB_SIZE - FIRST_MERGE_ID;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(json: Record<string, unknown>, name: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(json, name)) throw new TokenizerError(`tokenizer.json has no "${name}".`);
  return json[name];
}

function exactly(json: Record<string, unknown>, name: string, expected: string | number, why: string): void {
  const v = field(json, name);
  if (v !== expected) throw new TokenizerError(`tokenizer.json "${name}" is ${preview(v)}; ${why} ${JSON.stringify(expected)}.`);
}

/** Merge k must join two earlier ids (bytes or merges) into id FIRST_MERGE_ID + k. */
function readMerges(v: unknown): [number, number][] {
  if (!Array.isArray(v)) throw new TokenizerError(`tokenizer.json "merges" must be an array of [left, right] id pairs, not ${preview(v)}.`);
  if (v.length > MAX_MERGES) throw new TokenizerError(`tokenizer.json has ${v.length} merges; at most ${MAX_MERGES} (a vocabulary of ${MAX_VOCAB_SIZE} ids) are read.`);
  const merges: [number, number][] = [];
  for (let k = 0; k < v.length; k++) {
    const m: unknown = v[k];
    if (!Array.isArray(m) || m.length !== 2) {
      throw new TokenizerError(`tokenizer.json "merges"[${k}] must be a pair [left, right] of ids, not ${preview(m)}.`);
    }
    const id = FIRST_MERGE_ID + k;
    for (let side = 0; side < 2; side++) {
      const x: unknown = m[side];
      if (typeof x !== 'number' || !Number.isInteger(x) || x < BYTE_OFFSET || x >= id) {
        throw new TokenizerError(
          `tokenizer.json "merges"[${k}][${side}] must be an integer id in [${BYTE_OFFSET}, ${id}) (a byte or an earlier merge), not ${preview(x)}.`,
        );
      }
    }
    merges.push([m[0] as number, m[1] as number]);
  }
  return merges;
}

/**
 * Checks that `value` is a tokenizer.json this code implements and returns the fields that define
 * it. Duplicate merges and over-long tokens are refused when the merges are built (bpe.ts).
 * @throws TokenizerError naming the field and what it must be.
 */
export function readTokenizerJson(value: unknown): TokenizerJSON {
  if (!isRecord(value)) throw new TokenizerError(`tokenizer.json must be a JSON object, not ${preview(value)}.`);
  exactly(value, 'format', TOKENIZER_FORMAT, 'this version reads');
  exactly(value, 'pretokenizer', PRETOKENIZER_ID, 'this code implements the pre-tokenizer');
  const specials = field(value, 'specialTokens');
  if (!Array.isArray(specials) || specials.length !== SPECIAL_TOKENS.length || specials.some((s, i) => s !== SPECIAL_TOKENS[i])) {
    throw new TokenizerError(`tokenizer.json "specialTokens" is ${preview(specials)}; this code reserves ${JSON.stringify(SPECIAL_TOKENS)}, in that order.`);
  }
  exactly(value, 'byteOffset', BYTE_OFFSET, 'the byte tokens follow the specials at');
  const merges = readMerges(field(value, 'merges'));
  const version = field(value, 'version');
  if (typeof version !== 'string') throw new TokenizerError(`tokenizer.json "version" must be a string, not ${preview(version)}.`);
  const json: TokenizerJSON = { format: TOKENIZER_FORMAT, version, pretokenizer: PRETOKENIZER_ID, specialTokens: [...SPECIAL_TOKENS], byteOffset: BYTE_OFFSET, merges };
  const expected = tokenizerVersion(json);
  if (version !== expected) {
    throw new TokenizerError(`Tokenizer version ${preview(version)} does not match its content (${expected}): the file was edited or corrupted.`);
  }
  if (value.training !== undefined) {
    if (!isRecord(value.training)) throw new TokenizerError(`tokenizer.json "training" must be an object when present, not ${preview(value.training)}.`);
    json.training = value.training;
  }
  return json;
}

/** Parses tokenizer.json text and validates it. */
export function parseTokenizerJson(text: string): TokenizerJSON {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TokenizerError(`tokenizer.json is not valid JSON: ${shortMessage(e)}`);
  }
  return readTokenizerJson(value);
}
