/**
 * One tour step, done the way a person would do it: open the sample, select the step's lines, run
 * Visualize Attention, wait until the panel has drawn that run, then switch the panel to the view
 * the step describes. Goes through the extension's own commands, so the tour exercises exactly what
 * users run.
 */
import * as vscode from 'vscode';
import { SHOW_VIEW_COMMAND, VISUALIZE_COMMAND } from '../hover/command-links';
import { VIEW_TYPE } from '../panel/attention-panel';
import type { RunInfo } from '../visualize-command';
import type { RunWatcher } from './run-watcher';
import { findLines } from './sample-lines';
import { sampleColumn, type EditorLayout } from './sample-column';
import { TOUR_SAMPLES, type TourStep } from './steps';

/**
 * How long a step waits for the forward pass. The first run in a new panel starts TensorFlow.js and
 * uploads the weights, which takes seconds on a software GPU; after that a step waits regardless and
 * still switches the view, which the panel applies when the run arrives.
 */
export const RUN_TIMEOUT_MS = 60_000;

/** What a step did: returned by its command (the integration tests read it). */
export interface StepResult {
  ok: boolean;
  runId?: number;
  tokenCount?: number;
  /** Whether the forward pass the panel shows at the end added positional encodings. */
  positionalEncoding?: boolean;
  /** Why not ok. */
  reason?: string;
}

export function sampleUri(extensionUri: vscode.Uri, file: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'samples', file);
}

function readLayout(extensionUri: vscode.Uri): EditorLayout {
  const samples = new Set(TOUR_SAMPLES.map((f) => sampleUri(extensionUri, f).toString()));
  const layout: EditorLayout = {
    sampleColumn: vscode.window.visibleTextEditors.find((e) => samples.has(e.document.uri.toString()))?.viewColumn,
  };
  const group = vscode.window.tabGroups.activeTabGroup;
  const input = group.activeTab?.input;
  if (input instanceof vscode.TabInputText) layout.activeTextColumn = group.viewColumn;
  // Webview tabs report their view type with a prefix VS Code adds ("mainThreadWebview-...").
  else if (input instanceof vscode.TabInputWebview && input.viewType.endsWith(VIEW_TYPE)) layout.activePanelColumn = group.viewColumn;
  return layout;
}

/** Opens a shipped sample where the tour keeps its samples, focused (commands act on the active editor). */
export async function openSample(extensionUri: vscode.Uri, file: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(sampleUri(extensionUri, file));
  const column = sampleColumn(readLayout(extensionUri));
  return vscode.window.showTextDocument(document, {
    viewColumn: column === 'beside' ? vscode.ViewColumn.Beside : column,
    preview: false,
    preserveFocus: false,
  });
}

export async function runStep(extensionUri: vscode.Uri, step: TourStep, watcher: RunWatcher): Promise<StepResult> {
  const editor = await openSample(extensionUri, step.lines.file);
  const { startLine, endLine } = findLines(editor.document.getText(), step.lines);
  const end = editor.document.lineAt(endLine).range.end;
  const range = new vscode.Range(startLine, 0, end.line, end.character);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (vscode.window.activeTextEditor?.document !== editor.document) {
    return { ok: false, reason: `${step.lines.file} did not become the active editor` };
  }

  // A refusal (nothing to analyse, the panel closed...) was already shown to the user by the command.
  const run = await vscode.commands.executeCommand<RunInfo | { refused: string } | undefined>(VISUALIZE_COMMAND);
  if (!run || 'refused' in run) return { ok: false, reason: `Visualize Attention did not run: ${run?.refused ?? 'no result'}` };
  const first = await watcher.whenFinished(run.runId, 0, RUN_TIMEOUT_MS);

  // Changing positional encoding re-runs the forward pass of the same run; wait for that one too,
  // so the step ends when the panel shows what it describes. Known only when the first pass
  // finished and said whether it had positional encodings.
  const wanted = step.view.positionalEncoding;
  const rerun = first.ok && wanted !== undefined && first.positionalEncoding !== undefined && first.positionalEncoding !== wanted;
  const passes = watcher.finishedCount(run.runId);
  const shown = await vscode.commands.executeCommand<boolean>(SHOW_VIEW_COMMAND, step.view);
  const last = shown && rerun ? await watcher.whenFinished(run.runId, passes, RUN_TIMEOUT_MS) : first;

  const result: StepResult = { ok: shown && last.ok, runId: run.runId, tokenCount: run.tokenCount };
  if (last.ok) result.positionalEncoding = last.positionalEncoding;
  if (!shown) result.reason = 'the attention panel was closed before it could switch views';
  else if (!last.ok) result.reason = last.reason;
  return result;
}
