import * as assert from 'assert';
import * as vscode from 'vscode';
import { computeInsights, registerHovers, type AnalysisInsights, type InsightsSource } from '../../src/host/hover';
import { activateExtension, closeAllEditors, nextMessage, openSample, sampleUri } from './helpers';

/** The Markdown of every hover VS Code would show at a position. */
async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<{ texts: string[]; hovers: vscode.Hover[] }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const texts = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n'));
  return { texts, hovers };
}

/** The position of the first character of `needle` (plus `at`) in a document. */
function positionOf(doc: vscode.TextDocument, needle: string, at = 0): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not in the document`);
  return doc.positionAt(offset + at);
}

const PAPER = 'Attention Is All You Need';

/** Stands in for the lead's per-document insights until real data flows. */
class FakeInsights implements InsightsSource {
  insights: AnalysisInsights | undefined;
  current(documentUri: string) {
    return this.insights?.documentUri === documentUri ? this.insights : undefined;
  }
}

describe('Hover explanations (in a real VS Code)', () => {
  const source = new FakeInsights();
  const switches = { tokens: true, concepts: true };
  let registration: vscode.Disposable;
  // The module under test, registered directly: the same call the extension makes in activate().
  before(() => {
    registration = registerHovers({ subscriptions: [] as vscode.Disposable[] } as vscode.ExtensionContext, { insights: source, enabled: () => switches });
  });
  // No editor is shown (hovers are asked of documents), so there is nothing to close.
  after(() => registration.dispose());

  const PYTHON = [
    'import torch.nn as nn',
    '',
    'layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048)',
    'attn = nn.MultiheadAttention(embed_dim=512, num_heads=8)',
    'queryString = "headline"  # ordinary words, no hover',
  ].join('\n');

  it('explains nhead in an untitled Python document: title, section, equation, shapes and a trusted view link', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: PYTHON });
    assert.strictEqual(doc.uri.scheme, 'untitled');
    const position = positionOf(doc, 'nhead', 2);
    const { texts, hovers } = await hoverTexts(doc.uri, position);
    const i = texts.findIndex((t) => t.includes(PAPER));
    assert.ok(i >= 0, `no concept hover among: ${texts.join('\n---\n')}`);
    const md = texts[i];
    assert.ok(md.startsWith('**Attention heads (h)**'), md.slice(0, 80));
    assert.ok(md.includes('§3.2.2'));
    assert.ok(md.includes('```text\nhead_i = Attention(Q W_i^Q, K W_i^K, V W_i^V),   i = 1 … h'));
    assert.ok(md.includes('8 heads of 64 dimensions'));
    const link = md.match(/\[Show in Visualize Attention\]\((command:transformerXray\.showView\?[^)]+)\)/);
    assert.ok(link, 'a Show in Visualize Attention link');
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(link[1].split('?')[1])), [{ tab: 'overview' }]);
    const hover = hovers[i];
    assert.deepStrictEqual(hover.range && [hover.range.start.character, hover.range.end.character], [positionOf(doc, 'nhead').character, positionOf(doc, 'nhead').character + 5]);
    const trusted = (hover.contents[0] as vscode.MarkdownString).isTrusted;
    assert.deepStrictEqual(trusted, { enabledCommands: ['transformerXray.showView', 'transformerXray.visualizeAttention'] }, 'trusted for its own commands only');
  });

  it('tells d_model from dim_feedforward and the API class names apart', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: PYTHON });
    const title = async (needle: string) => (await hoverTexts(doc.uri, positionOf(doc, needle, 1))).texts.find((t) => t.includes(PAPER))?.split('\n')[0];
    assert.match((await title('d_model'))!, /^\*\*d_model, the model width\*\*/);
    assert.match((await title('dim_feedforward'))!, /^\*\*d_ff, the feed-forward inner width\*\*/);
    assert.match((await title('TransformerEncoderLayer'))!, /^\*\*Encoder stack\*\*/);
    assert.match((await title('MultiheadAttention'))!, /^\*\*Multi-head attention\*\*/);
    assert.match((await title('embed_dim'))!, /^\*\*d_model/);
  });

  it('shows nothing on ordinary words (queryString, headline)', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: PYTHON });
    for (const needle of ['queryString', 'headline', 'ordinary']) {
      const { texts } = await hoverTexts(doc.uri, positionOf(doc, needle, 2));
      assert.ok(!texts.some((t) => t.includes(PAPER)), `${needle}: ${texts.join(' | ')}`);
    }
  });

  it('works in Markdown, plain text with LaTeX, and a file opened from the workspace', async () => {
    const md = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'The decoder uses a causal mask and positional encodings.' });
    assert.ok((await hoverTexts(md.uri, positionOf(md, 'causal', 1))).texts.some((t) => t.startsWith('**Causal (subsequent) mask**')));
    const tex = await vscode.workspace.openTextDocument({ language: 'plaintext', content: String.raw`$\mathrm{softmax}(QK^\top / \sqrt{d_k})V$` });
    assert.ok((await hoverTexts(tex.uri, positionOf(tex, 'sqrt', 1))).texts.some((t) => t.startsWith('**The 1/√d_k scaling**')));
    const file = await vscode.workspace.openTextDocument(sampleUri('attention.py'));
    const { texts } = await hoverTexts(file.uri, positionOf(file, 'scaled_dot_product_attention', 3));
    assert.ok(texts.some((t) => t.startsWith('**Scaled dot-product attention**')), `${file.uri.scheme}: ${texts.join(' | ')}`);
  });

  it('follows the concepts switch on every hover', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: PYTHON });
    const count = async () => (await hoverTexts(doc.uri, positionOf(doc, 'nhead', 1))).texts.filter((t) => t.includes(PAPER)).length;
    const on = await count();
    switches.concepts = false;
    try {
      assert.strictEqual(await count(), on - 1, 'this registration stops explaining');
    } finally {
      switches.concepts = true;
    }
  });

  it('shows a token of an analysed range (fake insights), above the concept, and says when the analysis is stale', async () => {
    const content = 'def forward(self, nhead):\n    return nhead\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    const texts = ['def', ' for', 'ward', '(', 'self', ',', ' n', 'head', '):'];
    let at = 0;
    const tokens = texts.map((text, i) => ({ id: 50 + i, text, start: (at += text.length) - text.length, end: at }));
    const n = tokens.length;
    const weights = new Float32Array(n * n).fill(1 / n);
    source.insights = computeInsights({
      runId: 4, documentUri: doc.uri.toString(), documentVersion: doc.version, baseOffset: 0, endOffset: at, tokens,
      focused: { label: 'Encoder self-attention · Layer 1 · Head 1', weights },
      meanOverHeads: { label: 'Encoder self-attention · Layer 1 · mean over heads', weights },
      positionalEncoding: { dModel: 128 },
    });
    try {
      const { texts: shown, hovers } = await hoverTexts(doc.uri, positionOf(doc, 'head'));
      const tokenAt = shown.findIndex((t) => t.startsWith('**Token `head`** · id 57 · position 7'));
      assert.ok(tokenAt >= 0, shown.join('\n---\n'));
      assert.ok(shown[tokenAt].includes('the word `␣nhead` is split into 2 pieces'));
      assert.ok(shown[tokenAt].includes('| attends to | weight | attended by | weight |'));
      assert.ok(shown[tokenAt].includes(`(command:transformerXray.focusToken?${encodeURIComponent(JSON.stringify([{ runId: 4, index: 7 }]))})`));
      assert.deepStrictEqual([hovers[tokenAt].range?.start.character, hovers[tokenAt].range?.end.character], [19, 23], 'the token\'s range');
      const conceptAt = shown.findIndex((t) => t.startsWith('**Attention heads (h)**'));
      assert.ok(conceptAt > tokenAt, 'the token comes first, then the concept');
      // Outside the analysed range: no token hover.
      assert.ok(!(await hoverTexts(doc.uri, new vscode.Position(1, 6))).texts.some((t) => t.startsWith('**Token')));
      // An edit makes the analysis stale.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const stale = (await hoverTexts(doc.uri, new vscode.Position(1, 2))).texts;
      const notice = stale.find((t) => t.includes('out of date'));
      assert.ok(notice, stale.join(' | '));
      assert.ok(notice.includes('(command:transformerXray.visualizeAttention)'));
      assert.ok(!stale.some((t) => t.startsWith('**Token')), 'no stale token is claimed');
    } finally {
      source.insights = undefined;
    }
  });
});

/** Token hovers fed by the real model: the webview's results reach the host's hover provider. */
describe('Hover over analysed tokens with the shipped model', () => {
  after(closeAllEditors);

  it('shows the hovered token\'s attention after Visualize Attention, then a stale notice after an edit', async () => {
    const api = await activateExtension();
    const editor = await openSample('greet.ts');
    const line = editor.document.lineAt(1);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    const finished = nextMessage(api, 'runFinished');
    const run = (await vscode.commands.executeCommand('transformerXray.visualizeAttention')) as { runId: number };
    await finished;
    const position = positionOf(editor.document, 'greeting', 2);
    let token: string | undefined;
    for (let tries = 0; tries < 50 && !token; tries++) {
      token = (await hoverTexts(editor.document.uri, position)).texts.find((t) => t.startsWith('**Token'));
      if (!token) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(token, 'a token hover within 10 s of the run');
    assert.match(token, /· id \d+ · position \d+/);
    assert.ok(token.includes('| attends to | weight | attended by | weight |'));
    assert.ok(token.includes(`"runId":${run.runId}`) || token.includes(encodeURIComponent(`"runId":${run.runId}`)));
    await editor.edit((e) => e.insert(line.range.start, ' '));
    const stale = (await hoverTexts(editor.document.uri, position)).texts;
    assert.ok(stale.some((t) => t.includes('out of date') && t.includes('command:transformerXray.visualizeAttention')), stale.join(' | '));
    await vscode.commands.executeCommand('undo');
  });
});
