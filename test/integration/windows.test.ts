import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunInfo, RunRefusal } from '../../src/host/visualize-command';
import { activateExtension, closeAllEditors, nextMessage, openSample, visualizeAndWait } from './helpers';

/** Every token of the current run covers exactly its text in the document, and the cursor lookup finds it. */
function assertRunMatchesDocument(api: Awaited<ReturnType<typeof activateExtension>>): void {
  const run = api.currentRun!;
  const doc = run.document;
  run.tokens.forEach((t, i) => {
    if (t.start === t.end) return; // an earlier byte piece of a split character covers no text
    assert.strictEqual(doc.getText(run.range(i)), t.text, `token ${i} of run ${run.runId}`);
    assert.strictEqual(run.tokenAt(run.baseOffset + t.start), i, `the cursor at token ${i} finds it`);
  });
}

async function moved(api: Awaited<ReturnType<typeof activateExtension>>, outcome: Promise<RunInfo | RunRefusal>): Promise<RunInfo> {
  const r = await outcome;
  assert.ok('runId' in r, `refused: ${'refused' in r ? r.refused : ''}`);
  await nextMessage(api, 'tokensShown', (m) => m.runId === r.runId, 60_000);
  return r;
}

describe('Windows of a long text (in a real VS Code)', function () {
  this.timeout(180_000);
  after(closeAllEditors);

  it('a whole file longer than the model reads is analysed a window at a time, each mapped to its own range', async () => {
    const api = await activateExtension();
    const editor = await openSample('export_checkpoint.py');
    const doc = editor.document;
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), doc.positionAt(doc.getText().length));
    const first = await visualizeAndWait(api);
    assert.ok(first.notices.some((n) => /Move the window/.test(n)), first.notices.join(' | '));
    assert.strictEqual(api.currentRun!.baseOffset, 0);
    assertRunMatchesDocument(api);
    const count = first.tokens.length;

    const next = await moved(api, api.moveWindow({ to: 'next' }));
    assert.ok(next.window && next.window.first > 0 && next.window.first < count, 'the next window overlaps the first');
    assert.ok(api.currentRun!.baseOffset > 0);
    assertRunMatchesDocument(api);

    const previous = await moved(api, api.moveWindow({ to: 'previous' }));
    assert.strictEqual(previous.window?.first, 0);

    const line = await moved(api, api.moveWindow({ to: 'line', line: 40 }));
    assert.ok(line.window && line.window.firstLine >= 39 && line.window.firstLine <= 40, `starts at line 40 (${line.window?.firstLine})`);
    assertRunMatchesDocument(api);

    editor.selection = new vscode.Selection(new vscode.Position(60, 0), new vscode.Position(60, 0));
    const around = await moved(api, api.moveWindow({ to: 'cursor' }));
    assert.ok(around.window && around.window.firstLine <= 61 && around.window.lastLine >= 61, `line 61 is in the window (${around.window?.firstLine}–${around.window?.lastLine})`);
    assertRunMatchesDocument(api);
  });

  it('with nothing selected, the window around the cursor reads the whole file', async () => {
    const api = await activateExtension();
    const editor = await openSample('export_checkpoint.py');
    editor.selection = new vscode.Selection(new vscode.Position(50, 4), new vscode.Position(50, 4));
    const line = await visualizeAndWait(api);
    assert.ok(line.notices.some((n) => /line 51 is analysed/.test(n)), 'Visualize Attention alone reads the line');
    const around = await moved(api, api.moveWindow({ to: 'cursor' }));
    assert.ok(around.window && around.window.textFirstLine === 1 && around.window.firstLine <= 51 && around.window.lastLine >= 51);
    assertRunMatchesDocument(api);
  });
});
