import * as assert from 'assert';
import fc from 'fast-check';
import { MAX_PIECE_LENGTH, pretokenize, pretokenizePieces } from '../../../src/model/tokenizer/pretokenize';
import { allStrings } from './arbitraries';
import { referenceMatchAt } from './pretokenize-reference';

/** The pieces the reference regex gives, with the same space glue and length cap as pretokenize. */
function referencePretokenize(text: string): number[] {
  const nl = (c: number): boolean => c === 0x0a || c === 0x0d;
  const bounds = [0];
  let pos = 0;
  while (pos < text.length) {
    let end = referenceMatchAt(text, pos);
    if (end === pos + 1 && text.charCodeAt(pos) === 0x20 && pos > 0 && !nl(text.charCodeAt(pos - 1)) && end < text.length && !nl(text.charCodeAt(end))) end = referenceMatchAt(text, end);
    while (end - pos > MAX_PIECE_LENGTH) {
      let cut = pos + MAX_PIECE_LENGTH;
      const c = text.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut -= 1;
      bounds.push(cut);
      pos = cut;
    }
    bounds.push(end);
    pos = end;
  }
  return bounds;
}

/** One character of each class the rules name, astral ones and lone surrogates included. */
const CLASS_SAMPLES = ['A', 'ǅ', 'a', 'ʰ', '注', '\u0301', '1', '٣', 'Ⅻ', ' ', '\t', '\u00a0', '\u2028', '\r', '\n', '_', '$', '"', "'", '`', '(', ']', ',', ';', '=', '.', '/', '😀', '𝐀', '𝐚', '\ud800', '\udc00', '#', '€', '\u200b', '-', '^'];

describe('tokenizer/pretokenize', () => {
  it('pieces tile the input: non-empty, in order, ending at its length', () => {
    fc.assert(
      fc.property(allStrings, (s) => {
        const b = pretokenize(s);
        assert.strictEqual(b[0], 0);
        assert.strictEqual(b[b.length - 1], s.length);
        for (let k = 1; k < b.length; k++) assert.ok(b[k] > b[k - 1]);
        assert.strictEqual(pretokenizePieces(s).join(''), s);
      }),
      { numRuns: 1000 },
    );
  });

  it('never cuts a surrogate pair and caps piece length', () => {
    fc.assert(
      fc.property(allStrings, (s) => {
        const b = pretokenize(s);
        for (let k = 1; k < b.length; k++) {
          assert.ok(b[k] - b[k - 1] <= MAX_PIECE_LENGTH);
          const before = s.charCodeAt(b[k] - 1);
          const after = s.charCodeAt(b[k]);
          assert.ok(!(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff), `pair cut at ${b[k]}`);
        }
      }),
    );
    const emoji = '😀'.repeat(40); // 80 units in one "other" run
    for (const p of pretokenizePieces(emoji)) assert.ok(p.length % 2 === 0, 'a piece ends inside a pair');
    assert.deepStrictEqual(pretokenizePieces('a'.repeat(150)).map((p) => p.length), [64, 64, 22]);
  });

  it('splits camelCase, PascalCase and acronyms', () => {
    assert.deepStrictEqual(pretokenizePieces('getUserName'), ['get', 'User', 'Name']);
    assert.deepStrictEqual(pretokenizePieces('XMLHttpRequest'), ['XML', 'Http', 'Request']);
    assert.deepStrictEqual(pretokenizePieces('parseHTTPResponse2'), ['parse', 'HTTP', 'Response', '2']);
  });

  it('splits snake_case, keeping underscores and $ with the following chunk', () => {
    assert.deepStrictEqual(pretokenizePieces('snake_case_name'), ['snake', '_case', '_name']);
    assert.deepStrictEqual(pretokenizePieces('MAX_VALUE'), ['MAX', '_VALUE']);
    assert.deepStrictEqual(pretokenizePieces('__init__'), ['__init', '__']);
    assert.deepStrictEqual(pretokenizePieces('$scope'), ['$scope']);
  });

  it('keeps newlines (CRLF as one piece) and indentation as their own pieces', () => {
    assert.deepStrictEqual(pretokenizePieces('if x:\r\n\treturn 1\r\n'), ['if', ' x', ':', '\r\n', '\t', 'return', ' 1', '\r\n']);
    assert.deepStrictEqual(pretokenizePieces('{\n    a;\n}'), ['{', '\n', '    ', 'a', ';', '\n', '}']);
    assert.deepStrictEqual(pretokenizePieces('\r\r\n\n'), ['\r', '\r\n', '\n']);
  });

  it('glues a single mid-line space to the next piece, but not indentation or double spaces', () => {
    assert.deepStrictEqual(pretokenizePieces('a = b'), ['a', ' =', ' b']);
    assert.deepStrictEqual(pretokenizePieces('a  b'), ['a', '  ', 'b']);
    assert.deepStrictEqual(pretokenizePieces(' a'), [' ', 'a']);
    assert.deepStrictEqual(pretokenizePieces('a \nb'), ['a', ' ', '\n', 'b']);
  });

  it('cuts numbers, strings, brackets and operators', () => {
    assert.deepStrictEqual(pretokenizePieces('f(1000000)'), ['f', '(', '100', '000', '0', ')']);
    assert.deepStrictEqual(pretokenizePieces('x=>"hi"'), ['x', '=>', '"', 'hi', '"']);
    assert.deepStrictEqual(pretokenizePieces('a?.b!==c'), ['a', '?.', 'b', '!==', 'c']);
    assert.deepStrictEqual(pretokenizePieces('})];'), ['}', ')', ']', ';']);
  });

  it('keeps combining marks with their letter and non-Latin words whole', () => {
    assert.deepStrictEqual(pretokenizePieces('cafe\u0301 ok'), ['cafe\u0301', ' ok']);
    assert.deepStrictEqual(pretokenizePieces('مرحبا بالعالم'), ['مرحبا', ' بالعالم']);
    assert.deepStrictEqual(pretokenizePieces('变量名=1'), ['变量名', '=', '1']);
  });

  it('keeps an emoji ZWJ sequence in one piece', () => {
    assert.deepStrictEqual(pretokenizePieces('x 👨‍👩‍👧;'), ['x', ' 👨‍👩‍👧', ';']);
  });

  it('gives exactly the pieces of the reference regex (the rules as first written)', () => {
    const mixed = fc.array(fc.constantFrom(...CLASS_SAMPLES), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.oneof(allStrings, mixed), (s) => assert.deepStrictEqual(pretokenize(s), referencePretokenize(s))), { numRuns: 3000 });
  });

  it('regression: runs of over 4 million CJK or combining characters are cut, not a RangeError from the regex engine', () => {
    for (const text of ['注'.repeat(4_200_000), `a${'\u0301'.repeat(4_200_000)}`, 'A\u0301'.repeat(2_100_000)]) {
      const b = pretokenize(text);
      assert.strictEqual(b[b.length - 1], text.length);
      assert.ok(b.every((x, k) => k === 0 || x - b[k - 1] <= MAX_PIECE_LENGTH));
    }
  });
});
