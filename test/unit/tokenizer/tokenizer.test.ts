import * as assert from 'assert';
import * as fs from 'fs';
import fc from 'fast-check';
import { BOS_ID, BYTE_OFFSET, EOS_ID, MASK_ID, PAD_ID, Tokenizer, Token, pretokenize } from '../../../src/model/tokenizer';
import { allStrings } from './arbitraries';
import { SHIPPED_TOKENIZER_PATH, shippedTokenizer } from './shipped';

/** Asserts the offset contract of Token: exact tiling, text = slice. */
function assertTiles(text: string, tokens: Token[]): void {
  let at = 0;
  for (const t of tokens) {
    assert.strictEqual(t.start, at, `token ${JSON.stringify(t)} does not start where the previous ended`);
    assert.ok(t.end >= t.start);
    assert.strictEqual(t.text, text.slice(t.start, t.end));
    at = t.end;
  }
  assert.strictEqual(at, text.length);
}

const roundTrip = (tok: Tokenizer, s: string): string => tok.decode(tok.encode(s).map((t) => t.id));

describe('tokenizer/Tokenizer (shipped media/model/tokenizer.json)', () => {
  const tok = shippedTokenizer();

  it('has the documented vocabulary layout', () => {
    assert.strictEqual(tok.vocabSize, 16384);
    assert.deepStrictEqual([PAD_ID, BOS_ID, EOS_ID, MASK_ID].map((id) => tok.idToText(id)), ['<pad>', '<s>', '</s>', '<mask>']);
    assert.strictEqual(tok.idToText(BYTE_OFFSET + 0x41), 'A');
    assert.strictEqual(tok.idToText(BYTE_OFFSET + 0xf0), '<0xF0>');
    assert.match(tok.version, /^code-bpe-16384-[0-9a-f]{14}$/);
  });

  it('round-trips every string: decode(encode(x)) === x', () => {
    fc.assert(fc.property(allStrings, (s) => roundTrip(tok, s) === s), { numRuns: 2000 });
  });

  it('gives offsets that tile the input exactly', () => {
    fc.assert(fc.property(allStrings, (s) => assertTiles(s, tok.encode(s))), { numRuns: 1000 });
  });

  it('never lets a token cross a pre-tokenizer piece boundary, never emits specials', () => {
    fc.assert(
      fc.property(allStrings, (s) => {
        const bounds = new Set(pretokenize(s));
        const tokens = tok.encode(s);
        for (const t of tokens) {
          assert.ok(t.id >= BYTE_OFFSET && t.id < tok.vocabSize);
          for (let k = t.start + 1; k < t.end; k++) assert.ok(!bounds.has(k), `token ${JSON.stringify(t.text)} crosses ${k}`);
        }
        assert.deepStrictEqual(tok.encodeIds(s), tokens.map((t) => t.id));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes a token sequence piecewise: concatenated token bytes decode to the input', () => {
    const s = 'const x = "日本";\r\n';
    const ids = tok.encode(s).map((t) => t.id);
    const bytes = ids.flatMap((id) => Array.from(tok.idToBytes(id)));
    assert.deepStrictEqual(bytes, Array.from(Buffer.from(s, 'utf8')));
  });

  it('encodes common code as whole tokens', () => {
    const texts = tok.encode('function getValue() {\n    return this.name;\n}').map((t) => t.text);
    assert.deepStrictEqual(texts, ['function', ' get', 'Value', '(', ')', ' {', '\n', '    ', 'return', ' this', '.', 'name', ';', '\n', '}']);
    assert.deepStrictEqual(tok.encode('max_value_len').map((t) => t.text), ['max', '_value', '_len']);
  });

  it('keeps CRLF and tab indentation as tokens of their own', () => {
    const tokens = tok.encode('a\r\n\t\tb');
    assert.deepStrictEqual(tokens.map((t) => t.text), ['a', '\r\n', '\t\t', 'b']);
    assert.deepStrictEqual(tokens.map((t) => [t.start, t.end]), [[0, 1], [1, 3], [3, 5], [5, 6]]);
  });

  it('byte-falls back on an emoji ZWJ sequence: earlier bytes get empty ranges, the last byte owns the character', () => {
    const s = '👨‍👩‍👧';
    const tokens = tok.encode(s);
    assertTiles(s, tokens);
    assert.strictEqual(roundTrip(tok, s), s);
    const owners = tokens.filter((t) => t.end > t.start);
    // Each non-empty token covers whole characters: never half a surrogate pair.
    for (const t of owners) assert.strictEqual(t.text, [...t.text].join(''));
    assert.ok(owners.some((t) => t.text === '👨' || t.text.startsWith('👨')));
    assert.ok(tokens.some((t) => t.start === t.end), 'byte fallback should have split at least one character');
  });

  it('handles Arabic, combining marks, zero-width characters and lone surrogates', () => {
    for (const s of ['مرحبا بالعالم', 'cafe\u0301 n\u0303', 'a\u200bb\u200c\u200d\ufeff', 'x\ud800y\udc00', '\udfff\ud800', 'עברית + English']) {
      const tokens = tok.encode(s);
      assertTiles(s, tokens);
      assert.strictEqual(roundTrip(tok, s), s, JSON.stringify(s));
    }
  });

  it('treats special-token text as ordinary text, and decode skips special ids', () => {
    const ids = tok.encode('<s></s><mask><pad>').map((t) => t.id);
    assert.ok(ids.every((id) => id >= BYTE_OFFSET));
    assert.strictEqual(tok.decode([BOS_ID, ...ids, EOS_ID, PAD_ID]), '<s></s><mask><pad>');
  });

  it('rejects ids outside the vocabulary', () => {
    assert.throws(() => tok.decode([16384]), RangeError);
    assert.throws(() => tok.idToText(-1), RangeError);
    assert.throws(() => tok.idToBytes(BOS_ID), RangeError);
  });

  it('refuses a tokenizer.json whose merges do not match its version', () => {
    const json = JSON.parse(fs.readFileSync(SHIPPED_TOKENIZER_PATH, 'utf8'));
    const [left, right] = json.merges[100];
    json.merges[100] = [left, right === 100 ? 101 : 100];
    assert.throws(() => Tokenizer.fromJSON(json), /does not match its content/);
  });

  it('is deterministic and independent of earlier calls (cache)', () => {
    fc.assert(
      fc.property(allStrings, allStrings, (a, b) => {
        const first = tok.encodeIds(a + b);
        tok.encode(b);
        assert.deepStrictEqual(tok.encodeIds(a + b), first);
      }),
      { numRuns: 200 },
    );
  });
});
