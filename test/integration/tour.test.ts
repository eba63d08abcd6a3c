import * as assert from 'assert';
import * as vscode from 'vscode';
import type { XrayApi } from '../../src/host/extension';
import type { ShownView, ViewRequest, WebviewMessage } from '../../src/shared/protocol';
import { findLines } from '../../src/host/tour/sample-lines';
import { EXPORT_EXAMPLE, OPEN_TOUR_COMMAND, TOUR_STEPS, WALKTHROUGH_ID, type TourStep } from '../../src/host/tour/steps';
import type { StepResult } from '../../src/host/tour/run-step';
import { activateExtension, closeAllEditors, EXTENSION_ID } from './helpers';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; svg?: string };
  completionEvents?: string[];
}
interface Walkthrough {
  id: string;
  title: string;
  steps: WalkthroughStep[];
}

const extension = () => vscode.extensions.getExtension(EXTENSION_ID)!;
const manifest = () => extension().packageJSON as {
  contributes: { walkthroughs: Walkthrough[]; commands: { command: string; title: string; category?: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
};
const tour = () => manifest().contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID)!;

/** `command:` links in Markdown or a step description, without their arguments. */
function commandLinks(text: string): string[] {
  return [...text.matchAll(/\]\(command:([\w.]+)(?:\?[^)]*)?\)/g)].map((m) => m[1]);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function markdownOf(step: WalkthroughStep): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, step.media.markdown!)));
}

describe('Tour: the walkthrough as contributed', () => {
  it('is contributed under its id, with its title, one step per idea of the paper in the paper\'s order', () => {
    const w = tour();
    assert.ok(w, `no walkthrough ${WALKTHROUGH_ID}`);
    assert.strictEqual(w.title, 'Attention Is All You Need, on your code');
    assert.deepStrictEqual(w.steps.map((s) => s.id), ['architecture', 'attention', 'heads', 'masking', 'positions', 'cost', 'your-model']);
  });

  it('every step\'s Markdown exists, and every image it shows too', async () => {
    for (const step of tour().steps) {
      assert.ok(step.media.markdown, `${step.id} has Markdown media`);
      const md = await markdownOf(step);
      assert.match(md, /^# /, `${step.id}: a titled page`);
      for (const [, src] of md.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const image = vscode.Uri.joinPath(extension().extensionUri, step.media.markdown!, '..', src);
        assert.ok(await exists(image), `${step.id}: image ${src}`);
      }
    }
  });

  it('every command link names a registered command, every step has a button and completes when it is used', async () => {
    await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of tour().steps) {
      const buttons = commandLinks(step.description);
      assert.ok(buttons.length > 0, `${step.id} has a button`);
      for (const c of [...buttons, ...commandLinks(await markdownOf(step))]) assert.ok(registered.has(c), `${step.id}: ${c} is registered`);
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `${step.id} has completion events`);
      for (const e of events) {
        assert.match(e, /^onCommand:/, `${step.id}: ${e}`);
        assert.ok(buttons.includes(e.slice('onCommand:'.length)), `${step.id}: ${e} is one of its buttons`);
      }
    }
  });

  it('only Open Tour shows in the command palette', () => {
    const m = manifest().contributes;
    const open = m.commands.find((c) => c.command === OPEN_TOUR_COMMAND);
    assert.deepStrictEqual([open?.title, open?.category], ['Open Tour', 'Transformer X-Ray']);
    const hidden = new Set(m.menus.commandPalette.filter((e) => e.when === 'false').map((e) => e.command));
    assert.ok(!hidden.has(OPEN_TOUR_COMMAND));
    for (const c of [...Object.values(TOUR_STEPS).map((s) => s.command), EXPORT_EXAMPLE.command]) {
      assert.ok(m.commands.some((d) => d.command === c), `${c} is declared`);
      assert.ok(hidden.has(c), `${c} is hidden from the palette`);
    }
  });
});

/** The column of the tab that shows a sample file, if one does. */
function sampleColumn(file: string): vscode.ViewColumn | undefined {
  return vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith(`/media/samples/${file}`)))?.viewColumn;
}

describe('Tour: each step leaves the panel as it describes (in a real VS Code)', function () {
  this.timeout(180_000);
  let api: XrayApi;
  const seen: WebviewMessage[] = [];
  let sub: vscode.Disposable | undefined;

  before(async () => {
    api = await activateExtension();
    // Start from one empty group, as a user starting the tour would: earlier suites leave groups behind.
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
    sub = api.onWebviewMessage((m) => seen.push(m));
  });
  after(async () => {
    sub?.dispose();
    await closeAllEditors();
  });

  /** Resolves with the first value `probe` returns that is not undefined, polling; fails after `ms`. */
  async function eventually<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const last = <T extends WebviewMessage['type']>(type: T, runId: number) =>
    seen.filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type && (m as { runId?: number }).runId === runId).pop();

  /** Runs a step's command and checks the editor, the run and the view the panel reports. */
  async function runStep(step: TourStep): Promise<{ result: StepResult; view: ShownView }> {
    const result = (await vscode.commands.executeCommand(step.command)) as StepResult;
    assert.ok(result.ok, `${step.command}: ${result.reason}`);
    const runId = result.runId!;
    // The sample is open and selected; which editor has focus at this instant (the walkthrough, the
    // sample) depends on the workbench's timing, so it is not what this checks.
    const isSample = (u: vscode.Uri) => u.path.endsWith(`/media/samples/${step.lines.file}`);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputText && isSample(t.input.uri)), `${step.lines.file} is open in a tab`);
    // Its selection can be read when its editor is visible (after long earlier suites the panel may
    // cover it in the same group on a slow machine).
    const editor = vscode.window.visibleTextEditors.find((e) => isSample(e.document.uri));
    if (editor) {
      const { startLine, endLine } = findLines(editor.document.getText(), step.lines);
      assert.strictEqual(editor.document.getText(editor.selection), editor.document.getText(new vscode.Range(startLine, 0, endLine, editor.document.lineAt(endLine).text.length)));
    }
    assert.ok(last('runFinished', runId), 'the panel finished the run before the step ended');
    assert.strictEqual(last('tokensShown', runId)?.tokens.length, result.tokenCount);
    assert.ok(api.panel?.isAlive && api.panel.panel.visible, 'the panel is open and visible');
    // The webview reports what it shows after every change; wait for the state the step asked for.
    const wanted = Object.entries(step.view) as [keyof ViewRequest, unknown][];
    const matches = (v: ShownView) => wanted.every(([k, want]) => v[k] === want);
    const view = await eventually(`the panel to show ${JSON.stringify(step.view)}`, () => {
      const v = last('viewChanged', runId)?.view;
      return v && matches(v) ? v : undefined;
    });
    return { result, view };
  }

  it('Open Tour opens the walkthrough in an editor', async () => {
    assert.strictEqual(await vscode.commands.executeCommand(OPEN_TOUR_COMMAND), true);
    const tab = await eventually('a walkthrough tab', () => vscode.window.tabGroups.activeTabGroup.activeTab);
    assert.ok(!(tab.input instanceof vscode.TabInputText), `the active tab is the walkthrough, not a text file: ${tab.label}`);
    assert.match(tab.label, /Welcome|Walkthrough|Attention Is All You Need/, tab.label);
  });

  it('1. architecture: the function of brackets.ts, encoder-decoder attention averaged over heads; the sample opens beside the walkthrough', async () => {
    const { view } = await runStep(TOUR_STEPS.architecture);
    assert.deepStrictEqual([view.tab, view.kind, view.head], ['heatmap', 'cross', 'mean']);
    // Where the sample and the panel land (beside or stacked) depends on the workbench's groups after
    // the earlier suites; the tour's UI test checks the layout a person sees from a fresh start.
    assert.ok(sampleColumn('brackets.ts') !== undefined, 'the sample has a column');
  });

  it('2. scaled dot-product attention: one head of encoder self-attention on the loop', async () => {
    const { view } = await runStep(TOUR_STEPS.attention);
    assert.deepStrictEqual(view, { tab: 'heatmap', kind: 'encoderSelf', layer: 0, head: 0, positionalEncoding: true });
    assert.ok(sampleColumn(TOUR_STEPS.attention.lines.file) !== undefined, 'the sample has a column');
  });

  it('3. multi-head attention: the overview of every head', async () => {
    const { view } = await runStep(TOUR_STEPS.heads);
    assert.deepStrictEqual([view.tab, view.kind], ['overview', 'encoderSelf']);
  });

  it('4. masking: the masks view, then the masked decoder self-attention, on the English paragraph', async () => {
    assert.strictEqual((await runStep(TOUR_STEPS.masks)).view.tab, 'masks');
    const { view } = await runStep(TOUR_STEPS.maskedHeatmap);
    assert.deepStrictEqual([view.tab, view.kind, view.layer, view.head], ['heatmap', 'decoderSelf', 0, 0]);
  });

  it('5. positional encoding: the PE view, then without it identical tokens get identical rows, then with it again', async () => {
    assert.strictEqual((await runStep(TOUR_STEPS.positions)).view.tab, 'positions');

    const off = await runStep(TOUR_STEPS.withoutPositions);
    assert.strictEqual(off.result.positionalEncoding, false, 'the step ends when the pass without encodings is shown');
    const runId = off.result.runId!;
    const tokens = last('tokensShown', runId)!.tokens;
    const blind = last('results', runId)!;
    assert.strictEqual(blind.label, 'Encoder self-attention · Layer 1 · Head 1');
    assert.ok(blind.pe.every((v) => v === 0), 'nothing was added to the embeddings');
    const n = tokens.length;
    const row = (m: Float32Array, i: number) => m.subarray(i * n, (i + 1) * n);
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((d, v, j) => Math.max(d, Math.abs(v - b[j])), 0);
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (tokens[i].id === tokens[j].id) pairs.push([i, j]);
    assert.ok(pairs.length > 10, `the sample repeats tokens (${pairs.length} pairs)`);
    for (const [i, j] of pairs) assert.ok(maxDiff(row(blind.focused, i), row(blind.focused, j)) < 1e-4, `rows ${i} and ${j} (same token) coincide`);

    const on = await runStep(TOUR_STEPS.withPositions);
    assert.strictEqual(on.result.positionalEncoding, true);
    const seeing = last('results', on.result.runId!)!;
    // PE(0) = (sin 0, cos 0, ...) = (0, 1, 0, 1, ...): the encodings are back.
    assert.deepStrictEqual(Array.from(seeing.pe.subarray(0, 4)), [0, 1, 0, 1]);
    const differing = pairs.filter(([i, j]) => maxDiff(row(seeing.focused, i), row(seeing.focused, j)) > 1e-3);
    assert.ok(differing.length > pairs.length / 2, `with positions, same tokens attend differently (${differing.length} of ${pairs.length} pairs)`);
  });

  it('6. cost: the Model view with n from the whole file', async () => {
    const { result, view } = await runStep(TOUR_STEPS.cost);
    assert.strictEqual(view.tab, 'model');
    assert.ok(result.tokenCount! > 200, `n = ${result.tokenCount}`);
  });

  it('7. your own model: opens the export example', async () => {
    assert.strictEqual(await vscode.commands.executeCommand(EXPORT_EXAMPLE.command), true);
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith(`/media/samples/${EXPORT_EXAMPLE.file}`));
    assert.match(vscode.window.activeTextEditor!.document.getText(), /"format": "transformer-xray\/1"/);
  });

  it('a second click while a step runs waits for it: the two steps do not interleave', async () => {
    const first = vscode.commands.executeCommand(TOUR_STEPS.attention.command) as Thenable<StepResult>;
    const second = vscode.commands.executeCommand(TOUR_STEPS.masks.command) as Thenable<StepResult>;
    const [a, b] = await Promise.all([first, second]);
    assert.ok(a.ok && b.ok, `${a.reason ?? ''} ${b.reason ?? ''}`);
    assert.ok(b.runId! > a.runId!, 'the second step ran after the first');
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/order.en.txt'), 'the last step\'s sample is shown');
    await eventually('the masks view of the second run', () => (last('viewChanged', b.runId!)?.view.tab === 'masks' ? true : undefined));
  });
});
