import * as vscode from 'vscode';
import { documentName } from './document-name';

/** What the user asked to analyse: a range of a document, its text, and notices about the choice. */
export interface AnalysedRange {
  document: vscode.TextDocument;
  range: vscode.Range;
  text: string;
  label: string;
  notices: string[];
}

export type RangeChoice = { ok: true; value: AnalysedRange } | { ok: false; message: string };

/**
 * The primary selection, or the current line when the selection is empty. Whitespace-only text is
 * refused with a message: there is nothing to explain in it.
 */
export function chooseRange(editor: vscode.TextEditor): RangeChoice {
  const document = editor.document;
  const notices: string[] = [];
  let range: vscode.Range = editor.selection;
  if (editor.selections.length > 1) {
    notices.push(`${editor.selections.length} selections: the primary one (line ${editor.selection.start.line + 1}) is analysed.`);
  }
  if (editor.selection.isEmpty) {
    range = document.lineAt(editor.selection.active.line).range;
    notices.push(`Nothing was selected, so line ${range.start.line + 1} is analysed.`);
  }
  const text = document.getText(range);
  if (text.trim().length === 0) {
    return {
      ok: false,
      message: editor.selection.isEmpty
        ? `Line ${range.start.line + 1} is empty. Select some code (or put the cursor on a line with code) and run Visualize Attention again.`
        : 'The selection holds only whitespace. Select some code and run Visualize Attention again.',
    };
  }
  return { ok: true, value: { document, range, text, label: rangeLabel(document, range), notices } };
}

/** The last line a range covers as people read it: one that ends at the start of a line does not include that line. */
export function lastLineOf(range: vscode.Range): number {
  return range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
}

/** "main.py, lines 3–7" (1-based). */
export function rangeLabel(document: vscode.TextDocument, range: vscode.Range): string {
  const name = documentName(document.uri, document.isUntitled);
  const lastLine = lastLineOf(range);
  const lines = range.start.line === lastLine ? `line ${range.start.line + 1}` : `lines ${range.start.line + 1}–${lastLine + 1}`;
  return `${name}, ${lines}`;
}

/** The whole document as a range to analyse windows of (Visualize Attention's window buttons with nothing selected). */
export function wholeDocument(document: vscode.TextDocument): AnalysedRange {
  const range = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  return { document, range, text: document.getText(), label: rangeLabel(document, range), notices: [] };
}
