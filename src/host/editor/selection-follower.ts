import * as vscode from 'vscode';
import type { AnalysedRun } from './analysed-run';

/** Pause after the last selection change before re-running, so dragging a selection runs once. */
export const FOLLOW_DEBOUNCE_MS = 400;

/**
 * Keeps the panel in step with the editor:
 * - a new non-empty selection re-runs the analysis (debounced), unless pinned or turned off;
 * - an empty cursor on a token of the analysed range focuses that token in the panel.
 */
export class SelectionFollower implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: vscode.Disposable;
  pinned = false;

  constructor(
    private readonly current: () => AnalysedRun | undefined,
    private readonly enabled: () => boolean,
    private readonly rerun: () => void,
    private readonly focus: (run: AnalysedRun, sourceIndex: number) => void,
    private readonly alreadyRequested: (document: vscode.TextDocument, selection: vscode.Selection) => boolean,
  ) {
    this.subscription = vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e));
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    const run = this.current();
    if (!run || e.textEditor !== vscode.window.activeTextEditor) return; // nothing analysed, or not where the user works
    const selection = e.selections[0];
    if (selection.isEmpty) {
      if (e.textEditor.document !== run.document || !run.isCurrent) return;
      const index = run.tokenAt(run.document.offsetAt(selection.active));
      if (index !== undefined) this.focus(run, index);
      return;
    }
    if (this.pinned) return;
    clearTimeout(this.timer);
    // The setting is read once the selection settles, not on every event of a drag.
    this.timer = setTimeout(() => {
      const editor = vscode.window.activeTextEditor;
      // The panel may have closed meanwhile, or a run may already cover this selection.
      if (!this.enabled() || !this.current() || !editor || this.alreadyRequested(editor.document, editor.selection)) return;
      this.rerun();
    }, FOLLOW_DEBOUNCE_MS);
  }

  /** Drops a scheduled re-run (a run started some other way). */
  cancelPending(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
