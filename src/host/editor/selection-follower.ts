import * as vscode from 'vscode';
import type { AnalysedRun } from './analysed-run';
import { Disposable, toDisposable, type Event } from '../../shared/lifecycle';
import { readSettings } from '../settings';

/** Pause after the last selection change before re-running, so dragging a selection runs once. */
export const FOLLOW_DEBOUNCE_MS = 400;

/** What the follower needs of the attention session. */
export interface FollowedSession {
  /** The run the open panel shows (undefined when no panel is open). */
  readonly followedRun: AnalysedRun | undefined;
  /** A run starts some other way: a scheduled re-run is dropped. */
  readonly onWillRun: Event<void>;
  /** The panel's pin button. */
  readonly onDidPin: Event<boolean>;
  /** True when the latest run (finished or still starting) analyses exactly this selection. */
  hasRequested(document: vscode.TextDocument, selection: vscode.Selection): boolean;
  visualize(): Promise<unknown>;
  /** Focuses source token `index` of `run` in the panel. */
  focus(run: AnalysedRun, index: number): void;
}

/**
 * Keeps the panel in step with the editor:
 * - a new non-empty selection re-runs the analysis (debounced), unless pinned or turned off;
 * - an empty cursor on a token of the analysed range focuses that token in the panel.
 */
export class SelectionFollower extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pinned = false;

  constructor(private readonly session: FollowedSession) {
    super();
    this.register(vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e)));
    this.register(session.onWillRun(() => clearTimeout(this.timer)));
    this.register(session.onDidPin((pinned) => (this.pinned = pinned)));
    this.register(toDisposable(() => clearTimeout(this.timer)));
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    const run = this.session.followedRun;
    if (!run || e.textEditor !== vscode.window.activeTextEditor) return; // nothing analysed, or not where the user works
    const selection = e.selections[0];
    if (selection.isEmpty) {
      if (e.textEditor.document !== run.document || !run.isCurrent) return;
      const index = run.tokenAt(run.document.offsetAt(selection.active));
      if (index !== undefined) this.session.focus(run, index);
      return;
    }
    if (this.pinned) return;
    clearTimeout(this.timer);
    // The setting is read once the selection settles, not on every event of a drag.
    this.timer = setTimeout(() => {
      const editor = vscode.window.activeTextEditor;
      // The panel may have closed meanwhile, or a run may already cover this selection.
      if (!followSelection() || !this.session.followedRun || !editor || this.session.hasRequested(editor.document, editor.selection)) return;
      void this.session.visualize();
    }, FOLLOW_DEBOUNCE_MS);
  }
}

function followSelection(): boolean {
  return readSettings(vscode.workspace.getConfiguration('transformerXray')).settings.followSelection;
}
