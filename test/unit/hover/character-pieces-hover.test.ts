import * as assert from 'assert';
import { computeInsights } from '../../../src/host/hover/token-insights';
import { rankingTable, tokenMarkdown } from '../../../src/host/hover/token-markdown';

describe('token hovers on characters split into byte pieces', () => {
  // "a中": 中 is split over three tokens, the first two empty at its offset.
  const tokens = [
    { id: 40, text: 'a', start: 0, end: 1 },
    { id: 232, text: '', start: 1, end: 1 },
    { id: 188, text: '', start: 1, end: 1 },
    { id: 177, text: '中', start: 1, end: 2 },
  ];
  const n = tokens.length;
  // Every token attends most to the second piece of 中.
  const weights = new Float32Array(n * n).map((_, i) => (i % n === 2 ? 0.7 : 0.1));
  const insights = computeInsights({
    runId: 1, documentUri: 'file:///x.md', documentVersion: 1, baseOffset: 0, endOffset: 2, tokens,
    focused: { label: 'Encoder self-attention · Layer 1 · Head 1', weights },
    meanOverHeads: { label: 'mean', weights },
    positionalEncoding: { dModel: 8 },
  });

  it('names the pieces by their character in the rankings', () => {
    assert.strictEqual(insights.tokens[0].focused.attendsTo[0].text, '中²');
    assert.match(rankingTable(insights.tokens[0].focused), /中²/);
  });

  it('the hover of the character says which piece it is and lists its bytes', () => {
    // Markdown-escaped as rendered text: drop the escapes to read it.
    const md = tokenMarkdown(insights.tokens[3], 1).replace(/\\(.)/g, '$1');
    assert.match(md, /byte piece 3 of 3 of “中” \(U\+4E2D, UTF-8 E4 B8 AD\)/);
  });
});
