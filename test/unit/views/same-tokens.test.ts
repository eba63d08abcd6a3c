import * as assert from 'assert';
import { sameTokens } from '../../../webview/views/shared/same-tokens';

describe('same tokens', () => {
  const a = [{ text: 'x', position: 0, id: 5 }, { text: ' ', position: 1, id: 6 }];

  it('treats a rebuilt array with the same tokens as the same (so a lock survives an update)', () => {
    assert.strictEqual(sameTokens(a, a.map((t) => ({ ...t }))), true);
  });

  it('sees a changed text, id, position or length', () => {
    assert.strictEqual(sameTokens(a, [a[0], { ...a[1], text: '\t' }]), false);
    assert.strictEqual(sameTokens(a, [a[0], { ...a[1], id: 7 }]), false);
    assert.strictEqual(sameTokens(a, [a[0], { ...a[1], position: 2 }]), false);
    assert.strictEqual(sameTokens(a, [a[0]]), false);
    assert.strictEqual(sameTokens(a, undefined), false);
  });
});
