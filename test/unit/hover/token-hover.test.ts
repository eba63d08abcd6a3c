import * as assert from 'assert';
import { computeInsights, type AnalysisInsights, type TokenInsight } from '../../../src/host/hover/token-insights';
import { tokenAtOffset, tokenHoverTarget } from '../../../src/host/hover/token-lookup';
import { rankingTable, staleMarkdown, tokenMarkdown, wordSplitLine } from '../../../src/host/hover/token-markdown';

/** `def forward(self, x):` analysed from document offset 100, as a tokenizer might split it. */
function sampleInsights(): AnalysisInsights {
  const texts = ['def', ' for', 'ward', '(', 'self', ',', ' x', '):', '\n', '\t|`[x](command:evil)`'];
  const n = texts.length;
  const w = new Float32Array(n * n);
  for (let q = 0; q < n; q++) for (let k = 0; k < n; k++) w[q * n + k] = (k === (q + 1) % n ? 0.5 : 0.5 / (n - 1));
  let at = 0;
  const tokens = texts.map((text, i) => {
    const t = { id: 300 + i, text, start: at, end: at + text.length };
    at += text.length;
    return t;
  });
  return computeInsights({
    runId: 12,
    documentUri: 'file:///work/model.py',
    documentVersion: 5,
    baseOffset: 100,
    endOffset: 100 + at,
    tokens,
    focused: { label: 'Encoder self-attention · Layer 2 · Head 3', weights: w },
    meanOverHeads: { label: 'Encoder self-attention · Layer 2 · mean over heads', weights: w },
    positionalEncoding: { dModel: 128 },
  });
}

/** Markdown with its code spans removed (CommonMark: a span closes at the next fence of the same length). */
const withoutCodeSpans = (md: string) => md.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
/** The command links Markdown would render: those outside code spans. */
const commandLinks = (md: string) => Array.from(withoutCodeSpans(md).matchAll(/\]\((command:[^)]*)\)/g), (m) => m[1]);

describe('token hover lookup', () => {
  const insights = sampleInsights();

  it('finds the token under every offset of the analysed range', () => {
    for (const t of insights.tokens) {
      for (let offset = t.start; offset < t.end; offset++) assert.strictEqual(tokenAtOffset(insights, offset)?.index, t.index, `offset ${offset}`);
    }
    assert.strictEqual(tokenAtOffset(insights, 99), undefined);
    assert.strictEqual(tokenAtOffset(insights, insights.end), undefined);
  });

  it('shows a token only inside the range of a current analysis', () => {
    const hit = tokenHoverTarget(insights, 5, 104);
    assert.ok(hit && hit.kind === 'token');
    assert.strictEqual(hit.token.text, ' for');
    assert.strictEqual(tokenHoverTarget(insights, 5, 99), undefined);
    assert.strictEqual(tokenHoverTarget(insights, 5, insights.end), undefined);
    assert.strictEqual(tokenHoverTarget(undefined, 5, 104), undefined);
  });

  it('says the analysis is stale once the document version moved on', () => {
    assert.deepStrictEqual(tokenHoverTarget(insights, 6, 104), { kind: 'stale', start: insights.start, end: insights.end });
    assert.strictEqual(tokenHoverTarget(insights, 6, 20), undefined, 'but not outside the analysed range');
  });
});

describe('token hover Markdown', () => {
  const insights = sampleInsights();
  const forToken = insights.tokens[1];
  const md = tokenMarkdown(forToken, insights.runId);

  it('names the token with visible whitespace, its id and its position', () => {
    assert.ok(md.startsWith('**Token `␣for`** · id 301 · position 1'), md.split('\n')[0]);
    assert.ok(tokenMarkdown(insights.tokens[8], 12).startsWith('**Token `↵`**'));
  });

  it('shows how the tokenizer split the word, with this piece in bold', () => {
    assert.strictEqual(wordSplitLine(forToken), 'Tokenizer: the word `␣forward` is split into 2 pieces: **`␣for`** · `ward` (this is piece 1).');
    assert.strictEqual(wordSplitLine(insights.tokens[3]), 'Tokenizer: a whole word (or symbol) in one token.');
  });

  it('lists the top 5 tokens it attends to and that attend to it, in the focused head and the mean, with weights and positions', () => {
    assert.ok(md.includes('**Encoder self\\-attention · Layer 2 · Head 3**'));
    assert.ok(md.includes('**Encoder self\\-attention · Layer 2 · mean over heads**'));
    const table = rankingTable(forToken.focused).split('\n');
    assert.strictEqual(table[2], '| attends to | weight | attended by | weight |');
    // Token 1 attends most to token 2 ("ward", 0.5) and is attended most by token 0 ("def", 0.5).
    assert.strictEqual(table[4], '| `ward` #2 | 0.500 | `def` #0 | 0.500 |');
    assert.strictEqual(table.length, 4 + 5, 'five rows');
  });

  it('summarises PE(pos) at a few dimensions, marked sin or cos', () => {
    assert.match(md, /Positional encoding PE\(1\), by dimension: `0 sin 0\.841 · 1 cos 0\.540 · 2 sin [-\d.]+ · 3 cos [-\d.]+ · 64 sin [-\d.]+ · 65 cos [-\d.]+ · 126 sin [-\d.]+ · 127 cos 1\.000`/);
  });

  it('links to the token in the panel with the run id and index', () => {
    const links = commandLinks(md);
    assert.strictEqual(links.length, 1);
    const [command, query] = links[0].split('?');
    assert.strictEqual(command, 'command:transformerXray.focusToken');
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(query)), [{ runId: 12, index: 1 }]);
  });

  it('keeps Markdown and command links in token text inert', () => {
    const evil: TokenInsight = insights.tokens[9];
    const text = tokenMarkdown(evil, 12);
    assert.deepStrictEqual(commandLinks(text).map((l) => l.split('?')[0]), ['command:transformerXray.focusToken']);
    assert.ok(text.includes('(command:evil)'), 'the text is shown, inside a code span');
    assert.ok(text.startsWith('**Token `` →|`[x](command:evil)` ``**'), text.split('\n')[0]);
    // In a table cell the pipe is escaped so it cannot end the cell.
    const asNeighbour = rankingTable(insights.tokens[8].focused);
    assert.ok(asNeighbour.includes('\\|'), asNeighbour);
  });

  it('offers to run the analysis again when stale', () => {
    const stale = staleMarkdown();
    assert.match(stale, /out of date/);
    assert.deepStrictEqual(commandLinks(stale), ['command:transformerXray.visualizeAttention']);
  });
});
