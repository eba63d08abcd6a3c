import * as assert from 'assert';
import { noticesSummary, shortNotice } from '../../../webview/app/notices';

describe('run notices, folded', () => {
  it('summarises a notice by its first sentence', () => {
    assert.strictEqual(shortNotice('Nothing was selected, so line 4 is analysed. More.'), 'Nothing was selected, so line 4 is analysed.');
  });

  it('cuts a long first sentence to one line', () => {
    const s = shortNotice(`The selection has ${'very '.repeat(40)}many tokens.`);
    assert.ok(Array.from(s).length <= 110 && s.endsWith('…'));
  });

  it('says how many more notices the disclosure holds', () => {
    assert.strictEqual(noticesSummary([{ text: 'One.' }, { text: 'Two.' }, { text: 'Three.' }]), '⚠ One. (+2 more)');
    assert.strictEqual(noticesSummary([{ text: 'Only.' }]), '⚠ Only.');
  });
});
