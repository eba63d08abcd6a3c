/**
 * Where the tour opens its sample files. The walkthrough should stay in view while the user clicks
 * through it, so the sample goes beside it, and the attention panel (which opens beside the sample)
 * after that: walkthrough | sample | panel. Later steps reuse the sample's column.
 *
 * Pure: the caller reads the editor layout; unit tests cover each case.
 */

export interface EditorLayout {
  /** Column of a visible editor already showing one of the tour's samples. */
  sampleColumn?: number;
  /** Column of the active editor when it is a text editor (the user's own code). */
  activeTextColumn?: number;
  /** Column of the active tab when it is the attention panel. */
  activePanelColumn?: number;
}

/** A column number, or 'beside' (to the right of the active editor, as `ViewColumn.Beside`). */
export type SampleColumn = number | 'beside';

export function sampleColumn(layout: EditorLayout): SampleColumn {
  if (layout.sampleColumn !== undefined) return layout.sampleColumn;
  // Run from the palette in the user's code: open the sample there, the panel goes beside it.
  if (layout.activeTextColumn !== undefined) return layout.activeTextColumn;
  // From the panel itself: beside the panel would push it into a column of its own, so use the
  // first column (the panel then moves beside it, where it already is in the usual layout).
  if (layout.activePanelColumn !== undefined) return layout.activePanelColumn > 1 ? 1 : 2;
  // From the walkthrough (or nothing open): beside it, so it stays visible.
  return 'beside';
}
