import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { BAD_INPUTS } from '../corpus/bad-inputs';
import { activateExtension, closeAllEditors, nextMessage, openSample, visualizeAndWait } from './helpers';

type Outcome = { runId: number; tokenCount: number; notices: string[] } | { refused: string };

async function runOn(editor: vscode.TextEditor, selection: vscode.Selection): Promise<Outcome> {
  // The command reads the active editor: wait until it is this one (closing a large document can
  // hand focus back to it for a moment).
  for (let i = 0; i < 100 && vscode.window.activeTextEditor?.document !== editor.document; i++) {
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.strictEqual(vscode.window.activeTextEditor?.document, editor.document, 'the editor under test is active');
  editor = vscode.window.activeTextEditor!;
  editor.selection = selection;
  return (await vscode.commands.executeCommand('transformerXray.visualizeAttention')) as Outcome;
}

function wholeDocument(doc: vscode.TextDocument): vscode.Selection {
  return new vscode.Selection(new vscode.Position(0, 0), doc.positionAt(doc.getText().length));
}

/**
 * Reverts and closes the untitled documents the tests made, one at a time, waiting for each: closing
 * a dirty editor any other way asks to save it, and a dialog would stall the later suites.
 */
async function discardUntitled(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isUntitled)) {
    await vscode.window.showTextDocument(doc);
    if (vscode.window.activeTextEditor?.document === doc) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await closeAllEditors();
}

describe('Reliability: bad input gets a clear message and nothing breaks', function () {
  this.timeout(120_000);
  after(discardUntitled);

  for (const input of BAD_INPUTS) {
    it(`${input.name} → ${input.expect}`, async () => {
      const api = await activateExtension();
      const doc = await vscode.workspace.openTextDocument({ content: input.text() });
      const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      const shown = input.expect === 'runs' ? nextMessage(api, 'tokensShown') : undefined;
      const outcome = await runOn(editor, wholeDocument(doc));
      if (input.expect === 'refused') {
        assert.ok('refused' in outcome, JSON.stringify(outcome));
        if (input.says) assert.match(outcome.refused, input.says);
        return;
      }
      assert.ok(!('refused' in outcome), JSON.stringify(outcome));
      if (input.says) assert.match(outcome.notices.join(' '), input.says);
      const m = await shown!;
      assert.strictEqual(m.runId, outcome.runId);
      // The tokens the webview shows tile the start of the document's text (VS Code may have normalised its line endings).
      assert.strictEqual(m.tokens.map((t) => t.text).join(''), doc.getText().slice(0, m.tokens[m.tokens.length - 1].end));
    });
  }

  it('multiple selections: the primary one is analysed, and the notice says so', async () => {
    const editor = await openSample('attention.py');
    const api = await activateExtension();
    editor.selections = [new vscode.Selection(3, 0, 3, 10), new vscode.Selection(9, 0, 9, 8)];
    const shown = await visualizeAndWait(api);
    assert.strictEqual(shown.tokens.map((t) => t.text).join(''), 'def scaled');
    assert.ok(shown.notices.some((n) => /2 selections: the primary one \(line 4\) is analysed/.test(n)), shown.notices.join(' | '));
  });

  it('a read-only document of another scheme (a virtual document) is analysed like any other', async () => {
    const api = await activateExtension();
    const scheme = 'xray-test-readonly';
    const registration = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => 'const answer = 42;\n' });
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(`${scheme}:/answer.ts`));
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(0, 0, 0, 18);
      const shown = await visualizeAndWait(api);
      assert.strictEqual(shown.tokens.map((t) => t.text).join(''), 'const answer = 42;');
    } finally {
      registration.dispose();
    }
  });

  it('a notebook cell is analysed', async () => {
    const api = await activateExtension();
    const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'total = sum(values)\n', 'python')]);
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(0).document;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === cell) ?? (await vscode.window.showTextDocument(cell));
    const shown = nextMessage(api, 'tokensShown');
    const outcome = await runOn(editor, new vscode.Selection(0, 0, 0, 19));
    assert.ok(!('refused' in outcome), JSON.stringify(outcome));
    assert.strictEqual((await shown).tokens.map((t) => t.text).join(''), 'total = sum(values)');
    // The untitled notebook is dirty: revert it, or closing it later would ask to save it.
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a document edited while its run is in flight: the run finishes, and its shading is dropped as stale', async () => {
    const api = await activateExtension();
    // The edit moves the selection; following it would start a newer run that replaces this one.
    await vscode.workspace.getConfiguration('transformerXray').update('followSelection', false, vscode.ConfigurationTarget.Global);
    const doc = await vscode.workspace.openTextDocument({ content: 'let a = 1;\nlet b = a + 1;\n', language: 'typescript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = wholeDocument(doc);
    const shown = visualizeAndWait(api);
    const run = await new Promise<NonNullable<typeof api.currentRun>>((resolve) => {
      const poll = () => (api.currentRun?.document === doc ? resolve(api.currentRun) : setTimeout(poll, 20));
      poll();
    });
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// edited\n'));
    try {
      await shown;
    } finally {
      await vscode.workspace.getConfiguration('transformerXray').update('followSelection', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.strictEqual(run.isCurrent, false, 'the analysis knows it is stale');
  });

  it('a document closed while its run is in flight: nothing breaks, and the next run works', async () => {
    const api = await activateExtension();
    const file = vscode.Uri.file(path.join(os.tmpdir(), `xray-closed-${Date.now()}.py`));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('x = 1\ny = 2\n'));
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = wholeDocument(doc);
    const run = vscode.commands.executeCommand('transformerXray.visualizeAttention');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await run;
    const again = await openSample('greet.ts');
    again.selection = new vscode.Selection(0, 0, 1, 0);
    const shown = await visualizeAndWait(api);
    assert.ok(shown.tokens.length > 0);
  });
});

describe('Reliability: faults survived', function () {
  this.timeout(600_000);
  after(discardUntitled);


  it('the webview is limited to the extension\'s own dist and media folders', async () => {
    const api = await activateExtension();
    const editor = await openSample('greet.ts');
    await runOn(editor, new vscode.Selection(0, 0, 1, 0));
    const roots = api.panel!.panel.webview.options.localResourceRoots!.map((u) => path.posix.relative(vscode.extensions.getExtension('transformer-xray.transformer-xray')!.extensionUri.path, u.path));
    assert.deepStrictEqual(roots.sort(), ['dist', 'media']);
  });

  it('a forward pass that throws (a token id outside the vocabulary) gives a clear message, and the next run works', async () => {
    const api = await activateExtension();
    const editor = await openSample('greet.ts');
    const ok = nextMessage(api, 'tokensShown');
    const outcome = (await runOn(editor, new vscode.Selection(0, 0, 1, 0))) as { runId: number };
    await ok;
    const error = nextMessage(api, 'error', (m) => m.runId === 9999);
    const config = { N: 3, dModel: 128, dFF: 512, h: 4, dK: 32, dV: 32, vocabSize: 4096, maxLength: 512, norm: 'post' as const, finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0.1 };
    await api.panel!.post({
      type: 'analyze', runId: 9999, sourceLabel: 'bad ids', notices: [], backend: 'auto',
      tokens: [{ id: 999_999, text: 'x', start: 0, end: 1 }],
      model: { id: 'shipped', name: 'shipped code model', config, weightsTrained: true },
    });
    assert.match((await error).message, /999999.*not a token id/);
    editor.selection = new vscode.Selection(2, 0, 4, 0);
    const next = await visualizeAndWait(api);
    assert.ok(next.runId > outcome.runId);
  });

  it('a webview closed mid-run: no error, and the next run opens a new panel that works', async () => {
    const api = await activateExtension();
    const editor = await openSample('attention.py');
    const run = runOn(editor, new vscode.Selection(0, 0, 10, 0));
    await new Promise((r) => setTimeout(r, 50));
    api.panel?.dispose();
    await run; // resolves (refused or run), never throws
    assert.strictEqual(api.panel, undefined);
    editor.selection = new vscode.Selection(3, 0, 5, 0);
    const shown = await visualizeAndWait(api);
    assert.ok(shown.tokens.length > 0);
  });

  it('20 runs in one panel leave the webview\'s tensor count flat', async () => {
    const api = await activateExtension();
    const editor = await openSample('attention.py');
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const finished = nextMessage(api, 'runFinished');
      await runOn(editor, new vscode.Selection(i % 10, 0, (i % 10) + 3, 0));
      counts.push((await finished).tensors);
    }
    console.log(`      tensors after each run: ${counts.join(' ')}`);
    assert.ok(counts.slice(2).every((c) => c === counts[1]), `tensor counts grew: ${counts.join(' ')}`);
  });

  it('100 open/run/close cycles leave no panel, listener or growing memory behind', async () => {
    const api = await activateExtension();
    const editor = await openSample('greet.ts');
    const heap = () => process.memoryUsage().heapUsed;
    const cycle = async () => {
      await runOn(editor, new vscode.Selection(0, 0, 2, 0));
      api.panel?.dispose();
    };
    for (let i = 0; i < 5; i++) await cycle(); // warm up
    const before = heap();
    for (let i = 0; i < 100; i++) await cycle();
    const grown = (heap() - before) / 1024 / 1024;
    console.log(`      host heap after 100 cycles: ${grown >= 0 ? '+' : ''}${grown.toFixed(1)} MB`);
    assert.strictEqual(api.panel, undefined, 'no panel left open');
    assert.ok(grown < 40, `host heap grew ${grown.toFixed(1)} MB over 100 cycles`);
    // The panel still works afterwards.
    const shown = nextMessage(api, 'tokensShown');
    const outcome = await runOn(editor, new vscode.Selection(0, 0, 1, 0));
    assert.strictEqual((await shown).runId, (outcome as { runId: number }).runId);
  });

  it('a corrupt checkpoint in the settings gives a precise error; removing it restores the shipped model', async () => {
    const api = await activateExtension();
    const file = vscode.Uri.file(path.join(os.tmpdir(), `xray-corrupt-${Date.now()}.safetensors`));
    const bytes = new Uint8Array(64);
    new DataView(bytes.buffer).setBigUint64(0, 1n << 40n, true); // a header that claims a terabyte
    await vscode.workspace.fs.writeFile(file, bytes);
    const config = vscode.workspace.getConfiguration('transformerXray');
    await config.update('checkpointPath', file.fsPath, vscode.ConfigurationTarget.Global);
    try {
      const editor = await openSample('greet.ts');
      const outcome = await runOn(editor, new vscode.Selection(0, 0, 1, 0));
      assert.ok('refused' in outcome, JSON.stringify(outcome));
      assert.match(outcome.refused, /not a checkpoint Transformer X-Ray can read: .*header/i);
    } finally {
      await config.update('checkpointPath', undefined, vscode.ConfigurationTarget.Global);
    }
    const editor = await openSample('greet.ts');
    const shown = nextMessage(api, 'tokensShown');
    const outcome = await runOn(editor, new vscode.Selection(0, 0, 1, 0));
    assert.strictEqual((await shown).runId, (outcome as { runId: number }).runId);
  });

  it('invalid settings are reported and their defaults used', async () => {
    const api = await activateExtension();
    const config = vscode.workspace.getConfiguration('transformerXray');
    await config.update('maxTokens', 'lots', vscode.ConfigurationTarget.Global);
    try {
      const editor = await openSample('attention.py');
      const shown = nextMessage(api, 'tokensShown');
      const outcome = await runOn(editor, new vscode.Selection(0, 0, 18, 0));
      assert.ok(!('refused' in outcome));
      assert.ok((await shown).tokens.length > 0);
    } finally {
      await config.update('maxTokens', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
