import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, nextMessage, openSample } from './helpers';

describe('The panel follows the editor', () => {
  after(closeAllEditors);

  async function analyseLines(editor: vscode.TextEditor, from: number, to: number) {
    const api = await activateExtension();
    editor.selection = new vscode.Selection(from, 0, to, editor.document.lineAt(to).text.length);
    const shown = nextMessage(api, 'tokensShown');
    const run = (await vscode.commands.executeCommand('transformerXray.visualizeAttention')) as { runId: number };
    assert.strictEqual((await shown).runId, run.runId);
    return { api, run };
  }

  it('a cursor on an analysed token focuses it in the panel, which shades the editor by that token\'s attention', async () => {
    const editor = await openSample('attention.py');
    const { api, run } = await analyseLines(editor, 3, 4);
    assert.strictEqual(api.currentRun?.runId, run.runId);
    const highlighted = new Promise<number>((resolve) => {
      const sub = api.onDidHighlight((count) => {
        sub.dispose();
        resolve(count);
      });
    });
    const message = nextMessage(api, 'highlight', (m) => m.runId === run.runId && m.query !== null);
    // The cursor on "def" (line 4, column 1): source token 0.
    editor.selection = new vscode.Selection(3, 1, 3, 1);
    const m = await message;
    assert.strictEqual(m.kind, 'encoderSelf');
    assert.strictEqual(m.query, 0, 'the query is the token under the cursor');
    assert.strictEqual(m.weights.length, api.currentRun!.tokens.length, 'one weight per key token');
    const sum = m.weights.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-3, `the row is a distribution (sums to ${sum})`);
    const shaded = await highlighted;
    assert.ok(shaded > 0, 'some key tokens were shaded in the editor');
  });

  it('a new selection re-runs the analysis after a short pause', async () => {
    const editor = await openSample('attention.py');
    const { api, run } = await analyseLines(editor, 3, 4);
    const next = nextMessage(api, 'tokensShown', (m) => m.runId > run.runId, 15_000);
    editor.selection = new vscode.Selection(9, 0, 10, 0);
    const m = await next;
    assert.strictEqual(m.tokens.map((t) => t.text).join(''), editor.document.getText(new vscode.Range(9, 0, 10, 0)));
  });

  it('a cursor outside the analysed range neither re-runs nor highlights', async () => {
    const editor = await openSample('attention.py');
    const { api, run } = await analyseLines(editor, 3, 4);
    let other = 0;
    const sub = api.onWebviewMessage((m) => {
      if ((m.type === 'tokensShown' && m.runId !== run.runId) || m.type === 'highlight') other++;
    });
    editor.selection = new vscode.Selection(12, 2, 12, 2);
    await new Promise((r) => setTimeout(r, 1500));
    sub.dispose();
    assert.strictEqual(other, 0);
  });
});
