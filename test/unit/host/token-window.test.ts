import * as assert from 'assert';
import { nextWindow, placeWindow, previousWindow, windowOverlap } from '../../../src/host/analysis/token-window';
import { prepareTokens, type TokenizerLike } from '../../../src/host/analysis/prepare';

const perChar: TokenizerLike = {
  encode: (text) => Array.from(text, (c, i) => ({ id: c.charCodeAt(0), text: c, start: i, end: i + 1 })),
};
const spans = (n: number) => Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1 }));

describe('windows of a text longer than the model reads', () => {
  it('places a window from a token, around a character or starting at one, inside the text', () => {
    assert.deepStrictEqual(placeWindow(spans(100), 10, { first: 0 }), { first: 0, count: 10, total: 100, startChar: 0, endChar: 10 });
    assert.strictEqual(placeWindow(spans(100), 10, { first: 95 }).first, 90);
    assert.strictEqual(placeWindow(spans(100), 10, { first: -4 }).first, 0);
    assert.strictEqual(placeWindow(spans(100), 10, { aroundOffset: 50 }).first, 45);
    assert.strictEqual(placeWindow(spans(100), 10, { atOffset: 37 }).first, 37);
  });

  it('moves by a window less the overlap, both ways', () => {
    const max = 64;
    const w = placeWindow(spans(1000), max, { first: 0 });
    const next = placeWindow(spans(1000), max, nextWindow(w, max));
    assert.strictEqual(next.first, max - windowOverlap(max));
    const back = placeWindow(spans(1000), max, previousWindow(next, max));
    assert.strictEqual(back.first, 0);
  });

  it('never starts inside a character split into byte pieces', () => {
    const tokens = [{ start: 0, end: 1 }, { start: 1, end: 1 }, { start: 1, end: 1 }, { start: 1, end: 2 }, { start: 2, end: 3 }];
    assert.strictEqual(placeWindow(tokens, 3, { first: 2 }).first, 1);
  });

  it('prepareTokens keeps the window asked for, offsets from its first character, and says which it is', () => {
    const r = prepareTokens(perChar, 'abcdefghij', 4, { first: 3 });
    assert.deepStrictEqual(r.tokens.map((t) => [t.text, t.start]), [['d', 0], ['e', 1], ['f', 2], ['g', 3]]);
    assert.deepStrictEqual(r.window, { first: 3, count: 4, total: 10, startChar: 3, endChar: 7 });
    assert.match(r.notices[0], /this window is tokens 3–6 \(characters 3–7\), the other 6 are not analysed/);
    assert.strictEqual(prepareTokens(perChar, 'abc', 8).window, undefined);
  });
});
