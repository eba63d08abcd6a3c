import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { BAD_INPUTS } from '../corpus/bad-inputs';
import type { XrayApi } from '../../src/host/extension';
import { activateExtension, closeAllEditors, nextMessage, openSample, sampleUri, visualizeAndWait } from './helpers';

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

/** Polls until `value()` is defined, or fails saying what was awaited. */
async function until<T>(value: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = value();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Selects in `editor` and waits until VS Code reports the change back: the selection follower sees it
 * then, and a report that came after the run started would schedule a re-run that replaces it.
 */
async function select(editor: vscode.TextEditor, selection: vscode.Selection): Promise<void> {
  let reported = false;
  const sub = vscode.window.onDidChangeTextEditorSelection((e) => {
    if (e.textEditor === editor && e.selections[0].isEqual(selection)) reported = true;
  });
  try {
    assert.ok(!editor.selection.isEqual(selection), 'a new selection (an unchanged one is not reported)');
    editor.selection = selection;
    await until(() => (reported ? true : undefined), 'VS Code to report the new selection');
  } finally {
    sub.dispose();
  }
}

/**
 * Puts the cursor at `position` in the active `editor` (a token of run `runId`) and resolves with the
 * number of tokens the host shaded for the panel's answer: the host fires onDidHighlight only after
 * its decorations were set without throwing.
 */
async function highlightAt(api: XrayApi, editor: vscode.TextEditor, position: vscode.Position, runId: number): Promise<number> {
  assert.strictEqual(vscode.window.activeTextEditor, editor, 'the cursor moves in the active editor');
  assert.strictEqual(api.currentRun?.runId, runId, 'the run is the current one');
  const query = api.currentRun.tokenAt(editor.document.offsetAt(position));
  assert.ok(query !== undefined, 'the cursor is on an analysed token');
  let last: number | undefined;
  let shaded: number | undefined;
  const counts = api.onDidHighlight((n) => (last = n));
  try {
    // The host fires onDidHighlight before it passes the message on, so `last` is this message's count.
    const message = nextMessage(api, 'highlight', (m) => m.runId === runId && m.query === query && (shaded = last) !== undefined);
    editor.selection = new vscode.Selection(position, position);
    await message;
    return shaded!;
  } finally {
    counts.dispose();
  }
}

/** The minimum of the built-in git extension's API (extensions/git/src/api/git.d.ts) the tests use. */
interface GitApi {
  state: 'uninitialized' | 'initialized';
  getRepository(uri: vscode.Uri): { rootUri: vscode.Uri } | null;
  openRepository(root: vscode.Uri): Promise<{ rootUri: vscode.Uri } | null>;
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
}

/**
 * HEAD's version of a file as the built-in git extension serves it (a read-only git: document), the
 * left side of the diff its Open Changes shows. The samples sit in this repository's git work tree;
 * where they do not (a copy without .git, or no git), a read-only document of a test scheme stands
 * in, and the log says so. dispose() closes the repository if the test opened it.
 */
async function headVersionOf(file: vscode.Uri): Promise<{ uri: vscode.Uri; source: string; dispose(): Promise<void> }> {
  let reason: string;
  try {
    const git = (await vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git')?.activate())?.getAPI(1);
    if (git) {
      await until(() => (git.state === 'initialized' ? true : undefined), 'the git extension to initialise');
      const open = git.getRepository(file);
      // git.openRepositoryInParentFolders asks before opening a repository above the workspace folder.
      const repository = open ?? (await git.openRepository(vscode.Uri.joinPath(file, '..')));
      if (repository) {
        const dispose = async () => {
          if (!open) await vscode.commands.executeCommand('git.close', repository.rootUri);
        };
        return { uri: git.toGitUri(file, 'HEAD'), source: 'HEAD', dispose };
      }
      reason = 'the samples are not in a git repository';
    } else reason = 'the git extension is not installed';
  } catch (e) {
    reason = `the git extension failed: ${String(e)}`;
  }
  console.log(`      git not usable (${reason}): the diff's left side is a read-only document of a test scheme`);
  const scheme = 'xray-test-head';
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const registration = vscode.workspace.registerFileSystemProvider(scheme, new ReadOnlyFile(text), { isReadonly: true });
  return { uri: file.with({ scheme }), source: 'read-only copy', dispose: async () => registration.dispose() };
}

/** A read-only file system that serves one text for any path. */
class ReadOnlyFile implements vscode.FileSystemProvider {
  private readonly bytes: Uint8Array;
  constructor(text: string) {
    this.bytes = new TextEncoder().encode(text);
  }
  readonly onDidChangeFile = new vscode.EventEmitter<vscode.FileChangeEvent[]>().event;
  watch = () => new vscode.Disposable(() => undefined);
  stat = (): vscode.FileStat => ({ type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.bytes.length, permissions: vscode.FilePermission.Readonly });
  readFile = () => this.bytes;
  readDirectory = () => [];
  createDirectory = () => this.refuse();
  writeFile = () => this.refuse();
  delete = () => this.refuse();
  rename = () => this.refuse();
  private refuse(): never {
    throw vscode.FileSystemError.NoPermissions('read-only');
  }
}

/**
 * Opens (or brings back) the diff editor and focuses one side: the original (left) or the modified
 * (right). Resolves with that side's editor once it has stayed the active text editor for a moment.
 */
async function focusDiffSide(diff: { left: vscode.Uri; right: vscode.Uri; title: string }, side: 'original' | 'modified'): Promise<vscode.TextEditor> {
  const want = (side === 'original' ? diff.left : diff.right).toString();
  for (let i = 0; i < 50; i++) {
    await vscode.commands.executeCommand('vscode.diff', diff.left, diff.right, diff.title, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand(side === 'original' ? 'workbench.action.compareEditor.focusSecondarySide' : 'workbench.action.compareEditor.focusPrimarySide');
    const editor = vscode.window.activeTextEditor;
    // A diff editor that has just opened may still hand focus to its modified side: the side must stay focused.
    await new Promise((r) => setTimeout(r, 500));
    if (editor?.document.uri.toString() === want && vscode.window.activeTextEditor === editor) return editor;
  }
  throw new Error(`the ${side} side of the diff did not become the active text editor`);
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

  it('text selected in the Output panel (an output channel) is analysed; the channel is left as it was', async () => {
    const api = await activateExtension();
    const channel = vscode.window.createOutputChannel('X-Ray test output');
    const lines = ['[build] compiled attention.py', 'def scaled(q, k):', '    return q @ k.T / 8'];
    for (const line of lines) channel.appendLine(line);
    const errors: string[] = [];
    const finished = new Set<number>();
    const sub = api.onWebviewMessage((m) => {
      if (m.type === 'error') errors.push(m.message);
      if (m.type === 'runFinished') finished.add(m.runId);
    });
    try {
      channel.show(false); // takes focus, as a user clicking into the Output panel
      // The Output panel's editor becomes the active text editor (scheme "output") once it shows the appended text.
      const editor = await until(() => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.scheme === 'output' && e.document.getText().includes(lines[2]) ? e : undefined;
      }, 'the Output panel showing the test channel is the active text editor');
      const doc = editor.document;
      const before = { text: doc.getText(), version: doc.version };
      const selection = new vscode.Selection(1, 0, 2, lines[2].length);
      await select(editor, selection);
      const shown = await visualizeAndWait(api);
      assert.strictEqual(shown.tokens.map((t) => t.text).join(''), doc.getText(selection), 'the tokens are the selected output text');
      await until(() => (finished.has(shown.runId) ? true : undefined), 'the forward pass to finish (runFinished)', 60_000);
      assert.strictEqual(api.currentRun?.document, doc, 'the run is tied to the output document');
      // A cursor on an analysed token shades the read-only output editor without an error.
      const shaded = await highlightAt(api, editor, new vscode.Position(1, 1), shown.runId);
      assert.ok(shaded > 0, 'some tokens were shaded in the Output panel');
      assert.deepStrictEqual(errors, [], 'no error from the run');
      assert.deepStrictEqual({ text: doc.getText(), version: doc.version }, before, 'nothing was written to the output channel');
    } finally {
      sub.dispose();
      channel.dispose();
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });

  it('a git diff view: the original (HEAD, read-only) side and the modified side are each analysed from their own text', async () => {
    const api = await activateExtension();
    const sample = sampleUri('greet.ts');
    const head = await headVersionOf(sample);
    // The modified side is a changed copy in a temporary folder: the sample itself is never touched.
    const folder = vscode.Uri.file(path.join(os.tmpdir(), `xray-diff-${Date.now()}`));
    const copy = vscode.Uri.joinPath(folder, 'greet.ts');
    const errors: string[] = [];
    const sub = api.onWebviewMessage((m) => void (m.type === 'error' && errors.push(m.message)));
    try {
      const original = await vscode.workspace.openTextDocument(head.uri);
      assert.strictEqual(vscode.workspace.fs.isWritableFileSystem(head.uri.scheme), false, `${head.uri.scheme}: documents are read-only`);
      assert.match(original.lineAt(0).text, /greet/);
      await vscode.workspace.fs.writeFile(copy, new TextEncoder().encode(original.getText().replace(/greet/g, 'welcome').replace('Hello, $', 'Hi, $')));
      const diff = { left: head.uri, right: copy, title: `greet.ts (${head.source}) ↔ modified copy` };
      const selection = new vscode.Selection(0, 0, 1, original.lineAt(1).text.length);

      const left = await focusDiffSide(diff, 'original');
      assert.strictEqual(left.document, original);
      const before = { text: original.getText(), version: original.version };
      await select(left, selection);
      const fromLeft = await visualizeAndWait(api);
      const leftText = fromLeft.tokens.map((t) => t.text).join('');
      assert.strictEqual(leftText, original.getText(selection), 'the tokens are the original side\'s selected text');
      assert.ok(leftText.includes('greet') && !leftText.includes('welcome'), leftText);
      assert.strictEqual(api.currentRun?.document, original, 'the run is tied to the original side');
      // A cursor on "export" (token 0) shades the read-only side: decorations are set without an error.
      // (Where the run opened the panel beside the diff, or moved it there, VS Code has given the focus
      // back to the diff's modified side: the cursor is put in the original side again, as a user would.)
      const shaded = await highlightAt(api, await focusDiffSide(diff, 'original'), new vscode.Position(0, 1), fromLeft.runId);
      assert.ok(shaded > 0, 'some tokens were shaded on the original side');
      assert.deepStrictEqual({ text: original.getText(), version: original.version }, before, 'the original side is unchanged');

      const right = await focusDiffSide(diff, 'modified');
      assert.strictEqual(right.document.uri.toString(), copy.toString());
      await select(right, new vscode.Selection(0, 0, 1, right.document.lineAt(1).text.length));
      const fromRight = await visualizeAndWait(api);
      const rightText = fromRight.tokens.map((t) => t.text).join('');
      assert.strictEqual(rightText, right.document.getText(right.selection), 'the tokens are the modified side\'s selected text');
      assert.ok(rightText.includes('welcome') && rightText.includes('Hi, ') && !rightText.includes('greet'), rightText);
      assert.strictEqual(api.currentRun?.document, right.document, 'the run is tied to the modified side');
      assert.deepStrictEqual(errors, [], 'no error from either run');
    } finally {
      sub.dispose();
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === head.uri.toString());
      await vscode.window.tabGroups.close(tabs);
      await head.dispose();
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    }
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
    const cycle = async () => {
      await runOn(editor, new vscode.Selection(0, 0, 2, 0));
      api.panel?.dispose();
    };
    for (let i = 0; i < 5; i++) await cycle(); // warm up
    const heapMB = [retainedHeapMB()];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 50; i++) await cycle();
      heapMB.push(retainedHeapMB());
    }
    const grown = heapMB[2] - heapMB[0];
    console.log(`      host heap retained after 0, 50, 100 cycles: ${heapMB.map((m) => m.toFixed(1)).join(', ')} MB`);
    assert.strictEqual(api.panel, undefined, 'no panel left open');
    // A leak of what a run holds (a panel, its listeners, its tokens) is tens of KB per cycle or more.
    assert.ok(grown < 8, `host heap retained ${grown.toFixed(1)} MB more after 100 cycles`);
    // The panel still works afterwards.
    const shown = nextMessage(api, 'tokensShown');
    const outcome = await runOn(editor, new vscode.Selection(0, 0, 1, 0));
    assert.strictEqual((await shown).runId, (outcome as { runId: number }).runId);
  });

  it('the first run: a new panel fetches the shipped weights itself; a checkpoint of the user\'s is posted instead, and both run', async () => {
    const api = await activateExtension();
    api.panel?.dispose();
    let editor = await openSample('greet.ts');
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    await visualizeAndWait(api);
    const shippedPage = api.panel!.panel.webview.html;
    assert.match(shippedPage, /data-shipped-model="shipped" data-shipped-weights="[^"]+model\.safetensors"/, 'the page is told where the shipped weights are');
    assert.match(shippedPage, /<link rel="preload" as="fetch" crossorigin="anonymous" href="[^"]+model\.safetensors">/);

    // The same weights as a user's checkpoint: the host posts its bytes; the page preloads nothing of the shipped model.
    const extension = vscode.extensions.getExtension('transformer-xray.transformer-xray')!;
    const file = vscode.Uri.file(path.join(os.tmpdir(), `xray-own-${Date.now()}.safetensors`));
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, 'media', 'model', 'model.safetensors'), file);
    const config = vscode.workspace.getConfiguration('transformerXray');
    await config.update('checkpointPath', file.fsPath, vscode.ConfigurationTarget.Global);
    try {
      api.panel?.dispose();
      editor = await openSample('greet.ts');
      editor.selection = new vscode.Selection(0, 0, 2, 0);
      const finished = nextMessage(api, 'runFinished');
      const run = await visualizeAndWait(api);
      assert.strictEqual((await finished).runId, run.runId);
      assert.ok(!api.panel!.panel.webview.html.includes('data-shipped-weights'), 'no fetch of the shipped weights for a user\'s checkpoint');
    } finally {
      await config.update('checkpointPath', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(file);
    }
  });

  it('a corrupt checkpoint in the settings gives a precise error; removing it restores the shipped model', async () => {
    const api = await activateExtension();
    api.panel?.dispose();
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
      assert.strictEqual(api.panel, undefined, 'the panel opened for this run is closed again: it would show nothing');
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

/**
 * The extension host's heap still referenced, in MB: collected first, because the heap in use
 * without a collection counts garbage the collector has not reached yet (tens of MB under load).
 */
function retainedHeapMB(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  assert.strictEqual(typeof gc, 'function', 'the host could not expose the garbage collector');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
