/** VS Code glue for concept hovers: recognise the term under the cursor, show its explanation. */
import * as vscode from 'vscode';
import { CONCEPT_HOVER_COMMANDS } from './command-links';
import { conceptMarkdown } from './concept-markdown';
import { conceptById } from './concepts';
import { findTermAt } from './term-recognizer';

export class ConceptHoverProvider implements vscode.HoverProvider {
  /** Markdown per concept, built once: the catalogue never changes. */
  private readonly markdown = new Map<string, string>();

  constructor(private readonly enabled: () => boolean) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.enabled()) return undefined;
    const match = findTermAt(document.lineAt(position.line).text, position.character);
    if (!match) return undefined;
    let value = this.markdown.get(match.conceptId);
    if (value === undefined) {
      value = conceptMarkdown(conceptById(match.conceptId));
      this.markdown.set(match.conceptId, value);
    }
    const md = new vscode.MarkdownString(value);
    md.isTrusted = { enabledCommands: [...CONCEPT_HOVER_COMMANDS] };
    return new vscode.Hover(md, new vscode.Range(position.line, match.start, position.line, match.end));
  }
}
