import * as assert from 'assert';
import { EXACT_COUNT_LIMIT, prepareTokens, untrainedPositionsNotice, type TokenizerLike } from '../../../src/host/analysis/prepare';

/** One token per character: makes counts easy to check. */
const perChar: TokenizerLike = {
  encode: (text) => Array.from(text, (c, i) => ({ id: c.charCodeAt(0), text: c, start: i, end: i + 1 })),
};

describe('prepareTokens: selection to model input', () => {
  it('keeps a short selection whole, with no notice', () => {
    const r = prepareTokens(perChar, 'abc', 8);
    assert.strictEqual(r.tokens.length, 3);
    assert.deepStrictEqual(r.notices, []);
  });
  it('cuts at the maximum and says exactly how many tokens were dropped', () => {
    const r = prepareTokens(perChar, 'abcdefghij', 4);
    assert.deepStrictEqual(r.tokens.map((t) => t.text), ['a', 'b', 'c', 'd']);
    assert.strictEqual(r.notices.length, 1);
    assert.match(r.notices[0], /has 10 tokens; the model reads at most 4, so the last 6 tokens \(from character 4 on\) were dropped/);
  });
  it('tokenises only a prefix of a huge selection and says how many characters were left out', () => {
    let encoded = 0;
    const counting: TokenizerLike = { encode: (t) => ((encoded = t.length), perChar.encode(t)) };
    const text = 'x'.repeat(5 * 1024 * 1024);
    const r = prepareTokens(counting, text, 512);
    assert.ok(text.length > EXACT_COUNT_LIMIT);
    assert.ok(encoded <= 512 * 64, `tokenised ${encoded} characters`);
    assert.strictEqual(r.tokens.length, 512);
    assert.match(r.notices[0], /5,242,880 characters; .* cut after character 512 and the remaining 5,242,368 characters were not analysed/);
  });
});

describe('untrainedPositionsNotice: runs longer than the checkpoint was trained on', () => {
  it('says nothing when the checkpoint does not record its trained length, or the run fits', () => {
    assert.strictEqual(untrainedPositionsNotice(600, undefined), undefined);
    assert.strictEqual(untrainedPositionsNotice(512, 512), undefined);
    assert.strictEqual(untrainedPositionsNotice(10, 96), undefined);
  });

  it('names the first and last untrained positions of a longer run', () => {
    const notice = untrainedPositionsNotice(300, 96);
    assert.ok(notice);
    assert.match(notice, /at most 96 tokens/);
    assert.match(notice, /positions 96–299 of this run were never trained/);
  });
});
