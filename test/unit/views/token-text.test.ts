import * as assert from 'assert';
import { EMPTY_TOKEN, quotedToken, tokenLabelText, truncate, visibleTokenText } from '../../../src/shared/token-text';

describe('token text', () => {
  it('makes spaces, tabs and newlines visible', () => {
    assert.strictEqual(visibleTokenText('  x'), '␣␣x');
    assert.strictEqual(visibleTokenText('\t'), '→');
    assert.strictEqual(visibleTokenText('\n'), '↵');
  });

  it('shows a Windows line ending as one ↵, a lone \\r as ␍', () => {
    assert.strictEqual(visibleTokenText('\r\n'), '↵');
    assert.strictEqual(visibleTokenText('\r'), '␍');
  });

  it('shows other control characters as control pictures and an empty token as ∅', () => {
    assert.strictEqual(visibleTokenText('\u0000'), '␀');
    assert.strictEqual(visibleTokenText('\u001b'), '␛');
    assert.strictEqual(visibleTokenText(''), EMPTY_TOKEN);
  });

  it('leaves ordinary text alone', () => {
    assert.strictEqual(visibleTokenText('return'), 'return');
    assert.strictEqual(visibleTokenText('<s>'), '<s>');
  });

  it('truncates by code point with …, never splitting a surrogate pair', () => {
    assert.strictEqual(truncate('abcdef', 4), 'abc…');
    assert.strictEqual(truncate('abc', 4), 'abc');
    assert.strictEqual(truncate('😀😀😀', 2), '😀…');
  });

  it('axis labels are visible and truncated; quoted text is quoted', () => {
    assert.strictEqual(tokenLabelText(' very_long_identifier_name', 8), '␣very_l…');
    assert.strictEqual(quotedToken(' '), '“␣”');
  });
});
