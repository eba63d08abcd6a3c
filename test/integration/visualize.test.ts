import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, nextMessage, openSample } from './helpers';

describe('Visualize Attention (in a real VS Code)', () => {
  after(closeAllEditors);

  it('activates on use and registers the command', async () => {
    const api = await activateExtension();
    assert.strictEqual(typeof api.visualize, 'function');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('transformerXray.visualizeAttention'));
  });

  it('opens the panel beside the editor, keeps the editor focused, and the webview reports the tokens it received', async () => {
    const api = await activateExtension();
    const editor = await openSample('greet.ts');
    const line = editor.document.lineAt(1);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    const shown = nextMessage(api, 'tokensShown');
    const backend = nextMessage(api, 'backend');
    const run = (await vscode.commands.executeCommand('transformerXray.visualizeAttention')) as { runId: number; tokenCount: number };
    assert.ok(run && run.tokenCount > 0, 'the command reports the tokens it sent');
    const message = await shown;
    assert.strictEqual(message.runId, run.runId);
    assert.strictEqual(message.tokens.length, run.tokenCount);
    // The tokens tile the selected text exactly, in order.
    assert.strictEqual(message.tokens.map((t) => t.text).join(''), line.text);
    message.tokens.forEach((t, i) => {
      assert.strictEqual(line.text.slice(t.start, t.end), t.text, `token ${i} offsets`);
      if (i > 0) assert.strictEqual(t.start, message.tokens[i - 1].end, `token ${i} starts where ${i - 1} ends`);
    });
    const b = await backend;
    assert.ok(['webgl', 'wasm', 'cpu'].includes(b.backend));
    assert.ok(b.renderer.length > 0);
    assert.ok(api.panel?.isAlive, 'the panel is open');
    assert.strictEqual(api.panel?.panel.viewColumn, vscode.ViewColumn.Two, 'the panel opens beside the editor');
    assert.strictEqual(vscode.window.activeTextEditor?.document, editor.document, 'the editor keeps focus');
  });

  it('reuses the panel on a second run', async () => {
    const api = await activateExtension();
    const first = api.panel;
    assert.ok(first, 'a panel is open from the previous test');
    const editor = await openSample('greet.ts');
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    const shown = nextMessage(api, 'tokensShown');
    const run = (await vscode.commands.executeCommand('transformerXray.visualizeAttention')) as { runId: number };
    assert.strictEqual((await shown).runId, run.runId);
    assert.strictEqual(api.panel, first, 'the same panel');
  });

  it('uses the current line when nothing is selected, and says so', async () => {
    const api = await activateExtension();
    const editor = await openSample('greet.ts');
    editor.selection = new vscode.Selection(3, 4, 3, 4);
    const shown = nextMessage(api, 'tokensShown');
    const run = (await vscode.commands.executeCommand('transformerXray.visualizeAttention')) as { runId: number; notices: string[] };
    assert.ok(run.notices.some((n) => n.includes('line 4')), run.notices.join(' | '));
    const message = await shown;
    assert.strictEqual(message.tokens.map((t) => t.text).join(''), editor.document.lineAt(3).text);
  });
});
