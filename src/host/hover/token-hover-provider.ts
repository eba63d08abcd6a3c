/** VS Code glue for token hovers over an analysed range. */
import * as vscode from 'vscode';
import { TOKEN_HOVER_COMMANDS } from './command-links';
import type { InsightsSource } from './token-insights';
import { tokenHoverTarget } from './token-lookup';
import { staleMarkdown, tokenMarkdown } from './token-markdown';

export class TokenHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly insights: InsightsSource,
    private readonly enabled: () => boolean,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.enabled()) return undefined;
    const insights = this.insights.current(document.uri.toString());
    if (!insights) return undefined;
    const target = tokenHoverTarget(insights, document.version, document.offsetAt(position));
    if (!target) return undefined;
    const value = target.kind === 'token' ? tokenMarkdown(target.token, insights.runId) : staleMarkdown();
    const md = new vscode.MarkdownString(value);
    md.isTrusted = { enabledCommands: [...TOKEN_HOVER_COMMANDS] };
    if (target.kind === 'stale') return new vscode.Hover(md);
    const range = new vscode.Range(document.positionAt(target.token.start), document.positionAt(target.token.end));
    return new vscode.Hover(md, range);
  }
}
