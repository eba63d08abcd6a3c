import * as assert from 'assert';
import fc from 'fast-check';
import { decodeWtf8, encodeWtf8 } from '../../../src/model/tokenizer/wtf8';
import { allStrings } from './arbitraries';

describe('tokenizer/wtf8', () => {
  it('round-trips every JS string, lone surrogates included', () => {
    fc.assert(fc.property(allStrings, (s) => decodeWtf8(encodeWtf8(s)) === s), { numRuns: 2000 });
  });

  it('equals UTF-8 on well-formed strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
        assert.deepStrictEqual(Array.from(encodeWtf8(s)), Array.from(Buffer.from(s, 'utf8')));
      }),
    );
  });

  it('writes a lone surrogate as its 3-byte generalized UTF-8 form', () => {
    assert.deepStrictEqual(Array.from(encodeWtf8('\ud800')), [0xed, 0xa0, 0x80]);
    assert.deepStrictEqual(Array.from(encodeWtf8('\udfff')), [0xed, 0xbf, 0xbf]);
    // A low surrogate before a high one is two lone surrogates, not a pair.
    assert.deepStrictEqual(Array.from(encodeWtf8('\udc00\ud800')), [0xed, 0xb0, 0x80, 0xed, 0xa0, 0x80]);
  });

  it('gives each byte the offset a token ending there ends at (a split character goes to its last byte)', () => {
    const b: number[] = [];
    encodeWtf8('a😀é', b);
    // a | 4 bytes of U+1F600 (2 units) | 2 bytes of é
    assert.deepStrictEqual(b, [1, 1, 1, 1, 3, 3, 4]);
  });

  it('decodes any byte sequence without throwing, one U+FFFD per invalid byte', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => typeof decodeWtf8(bytes) === 'string'));
    assert.strictEqual(decodeWtf8([0xff, 0x41, 0xc0, 0x80]), '\ufffdA\ufffd\ufffd');
    assert.strictEqual(decodeWtf8([0xf0, 0x9f]), '\ufffd\ufffd'); // truncated 4-byte sequence
    assert.strictEqual(decodeWtf8([0xe0, 0x80, 0x80]), '\ufffd\ufffd\ufffd'); // overlong
  });
});
