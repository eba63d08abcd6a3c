import * as assert from 'assert';
import { characterPieces, codePointName, pieceDescription, utf8Hex } from '../../../src/shared/character-pieces';
import { shownTokenText, tokenLabelText, visibleTokenText } from '../../../src/shared/token-text';
import { shippedTokenizer } from '../tokenizer/shipped';

/** The pieces of `text` as the shipped tokenizer splits it, with what each token shows. */
function shown(text: string): { tokens: ReturnType<ReturnType<typeof shippedTokenizer>['encode']>; labels: string[]; pieces: ReturnType<typeof characterPieces> } {
  const tokens = shippedTokenizer().encode(text);
  const pieces = characterPieces(tokens);
  return { tokens, pieces, labels: tokens.map((t, i) => shownTokenText({ text: t.text, piece: pieces[i] })) };
}

describe('byte-fallback pieces shown as their character', () => {
  it('finds a split character from empty tokens followed by the token that covers it', () => {
    const tokens = [
      { text: 'a', start: 0, end: 1 },
      { text: '', start: 1, end: 1 },
      { text: '', start: 1, end: 1 },
      { text: '中', start: 1, end: 2 },
      { text: 'b', start: 2, end: 3 },
    ];
    const pieces = characterPieces(tokens);
    assert.strictEqual(pieces[0], undefined);
    assert.strictEqual(pieces[4], undefined);
    assert.deepStrictEqual(pieces.slice(1, 4).map((p) => [p?.char, p?.index, p?.count]), [['中', 0, 3], ['中', 1, 3], ['中', 2, 3]]);
    assert.deepStrictEqual(pieces[1]?.bytes, ['E4', 'B8', 'AD']);
    assert.deepStrictEqual(tokens.map((t, i) => shownTokenText({ text: t.text, piece: pieces[i] })), ['a', '中¹', '中²', '中³', 'b']);
  });

  it('leaves an empty token that no character follows as ∅ (nothing invented)', () => {
    const pieces = characterPieces([{ text: '', start: 0, end: 0 }]);
    assert.strictEqual(pieces[0], undefined);
    assert.strictEqual(shownTokenText({ text: '' }), '∅');
  });

  it('CJK with the shipped tokenizer: every token of a split ideograph shows the ideograph, one token per piece', () => {
    const text = '注意力机制';
    const { tokens, pieces, labels } = shown(text);
    // However the vocabulary splits it (derived, not hard-coded), no label is empty or a raw byte.
    for (const l of labels) assert.ok(!/∅|<0x/.test(l), `label ${l}`);
    for (let i = 0; i < tokens.length; i++) {
      if (!pieces[i]) continue;
      assert.ok(text.includes(pieces[i]!.char));
      assert.ok(labels[i].startsWith(pieces[i]!.char));
    }
    // Attention stays per token: as many labels as tokens.
    assert.strictEqual(labels.length, tokens.length);
  });

  it('emoji joined by ZWJ: each code point named, the joiner made visible', () => {
    const family = '👨‍👩‍👧';
    const { labels, pieces } = shown(family);
    assert.ok(labels.every((l) => !/∅|<0x/.test(l)), labels.join(' '));
    const chars = new Set(pieces.filter((p) => p).map((p) => p!.char));
    for (const c of chars) assert.ok(Array.from(family).includes(c));
    assert.ok(labels.join('').includes('👨'));
    assert.strictEqual(visibleTokenText('\u200d'), '⟨ZWJ⟩');
  });

  it('a lone combining mark is drawn on a dotted circle', () => {
    assert.strictEqual(visibleTokenText('\u0301'), '◌\u0301');
    assert.strictEqual(visibleTokenText('e\u0301'), 'e\u0301');
    const { labels } = shown('cafe\u0301');
    assert.ok(labels.every((l) => !/∅|<0x/.test(l)), labels.join(' '));
  });

  it('describes a piece with its code point and bytes', () => {
    assert.deepStrictEqual(utf8Hex('😀'), ['F0', '9F', '98', '80']);
    assert.strictEqual(codePointName('中'), 'U+4E2D');
    const line = pieceDescription({ char: '中', index: 1, count: 3, bytes: ['E4', 'B8', 'AD'] });
    assert.match(line, /piece 2 of 3 of “中” \(U\+4E2D, UTF-8 E4 B8 AD\); this piece holds byte B8/);
    assert.strictEqual(tokenLabelText({ text: '', piece: { char: '中', index: 0, count: 3, bytes: ['E4', 'B8', 'AD'] } }), '中¹');
  });
});
