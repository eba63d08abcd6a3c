import * as vscode from 'vscode';
import { AnalysedRun } from './analysed-run';
import { sides } from '../../shared/teacher-forcing';
import { type AttentionKind } from '../../shared/vocabulary';

/** Shading steps: weights are bucketed so a handful of decoration types cover any number of tokens. */
const LEVELS = 8;

/**
 * Shades the code by attention: the focused query token is outlined, and every key token gets a
 * background whose strength is its weight from that query (relative to the row's largest weight).
 */
export class AttentionDecorations implements vscode.Disposable {
  private readonly focused = vscode.window.createTextEditorDecorationType({
    border: '1px solid',
    borderColor: new vscode.ThemeColor('focusBorder'),
    borderRadius: '2px',
  });
  private readonly levels = Array.from({ length: LEVELS }, (_, i) =>
    vscode.window.createTextEditorDecorationType({
      // Colour-blind-safe yellow of the viridis scale's bright end, at rising opacity.
      backgroundColor: `rgba(253, 231, 37, ${(0.12 + (0.6 * (i + 1)) / LEVELS).toFixed(2)})`,
      overviewRulerColor: i >= LEVELS / 2 ? 'rgba(253, 231, 37, 0.8)' : undefined,
      overviewRulerLane: vscode.OverviewRulerLane.Center,
    }),
  );

  private shown = false;

  /** Returns the number of key tokens shaded (for tests and the log). */
  show(run: AnalysedRun, kind: AttentionKind, query: number | null, weights: readonly number[]): number {
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document === run.document);
    if (!run.isCurrent || query === null) {
      this.clear();
      return 0;
    }
    const side = sides(kind);
    const focus = AnalysedRun.sourceIndex(side.queries, query);
    const buckets: vscode.Range[][] = Array.from({ length: LEVELS }, () => []);
    const max = Math.max(...weights, 1e-12);
    let shaded = 0;
    weights.forEach((w, key) => {
      const source = AnalysedRun.sourceIndex(side.keys, key);
      if (source === undefined || source >= run.tokens.length || w <= 0) return;
      const level = Math.min(LEVELS - 1, Math.floor((w / max) * LEVELS));
      if (w / max < 0.05) return; // too faint to see; leave the code unshaded
      buckets[level].push(run.range(source));
      shaded++;
    });
    const focusRange = focus !== undefined && focus < run.tokens.length ? run.range(focus) : undefined;
    this.shown = true;
    for (const editor of editors) {
      editor.setDecorations(this.focused, focusRange ? [focusRange] : []);
      if (focusRange) editor.revealRange(focusRange, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      this.levels.forEach((type, i) => editor.setDecorations(type, buckets[i]));
    }
    return shaded;
  }

  clear(): void {
    // Called on every edit of the analysed document: nothing to undo unless something is shown.
    if (!this.shown) return;
    this.shown = false;
    for (const editor of vscode.window.visibleTextEditors) {
      editor.setDecorations(this.focused, []);
      this.levels.forEach((type) => editor.setDecorations(type, []));
    }
  }

  dispose(): void {
    this.focused.dispose();
    this.levels.forEach((t) => t.dispose());
  }
}
