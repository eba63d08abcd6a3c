import * as vscode from 'vscode';
import type { AnalysedRun } from './analysed-run';

/**
 * Marks in the editor which lines a window of a long text covers: a bar beside them and a mark in
 * the overview ruler, and scrolls them into view, so the analysed part is never a guess.
 */
export class AnalysedRangeMarker implements vscode.Disposable {
  private readonly bar = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    borderWidth: '0 0 0 3px',
    borderStyle: 'solid',
    borderColor: new vscode.ThemeColor('editorInfo.foreground'),
    overviewRulerColor: new vscode.ThemeColor('editorInfo.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private marked: vscode.TextDocument | undefined;

  /** Marks a windowed run's range (and reveals it); a run of the whole text clears the mark. */
  show(run: AnalysedRun): void {
    this.clear();
    if (!run.windowed) return;
    const range = new vscode.Range(run.document.positionAt(run.baseOffset), run.document.positionAt(run.endOffset));
    for (const editor of vscode.window.visibleTextEditors.filter((e) => e.document === run.document)) {
      editor.setDecorations(this.bar, [range]);
      editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
    }
    this.marked = run.document;
  }

  clear(): void {
    if (!this.marked) return;
    for (const editor of vscode.window.visibleTextEditors.filter((e) => e.document === this.marked)) editor.setDecorations(this.bar, []);
    this.marked = undefined;
  }

  dispose(): void {
    this.bar.dispose();
  }
}
