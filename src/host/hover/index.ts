/**
 * Hover explanations (issue 6): concept hovers on Transformer terms in any document, and token
 * hovers over a range that Visualize Attention analysed.
 */
import * as vscode from 'vscode';
import type { InsightsSource } from './token-insights';
import { TokenHoverProvider } from './token-hover-provider';

export type { AnalysisInsights, InsightsSource, RankedToken, TokenInsight } from './token-insights';
export { computeInsights, type InsightsInput } from './token-insights';
export { readHoverSettings, type HoverSettings } from './hover-settings';

/**
 * Every document whatever its scheme: `{ scheme: '*' }` matches file, untitled, vscode-remote,
 * vscode-vfs, notebook cells and the rest (a DocumentFilter's `*` scheme scores for any URI).
 */
export const ALL_DOCUMENTS: vscode.DocumentSelector = { scheme: '*' };

/**
 * Loads the concept catalogue (a few hundred precompiled patterns) on the first hover rather than at
 * activation, which it would otherwise dominate.
 */
class LazyConceptHoverProvider implements vscode.HoverProvider {
  private provider: Promise<vscode.HoverProvider> | undefined;

  constructor(private readonly enabled: () => boolean) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.enabled()) return undefined;
    this.provider ??= import('./concept-hover-provider').then((m) => new m.ConceptHoverProvider(() => true)); // enabled() was asked just above
    return (await (await this.provider).provideHover(document, position, token)) ?? undefined;
  }
}

export interface HoverDeps {
  insights: InsightsSource;
  /** Read on every hover, so a settings change applies at once. */
  enabled: () => { tokens: boolean; concepts: boolean };
}

/**
 * Registers the token and concept hover providers. The returned disposable is also added to
 * `context.subscriptions`; disposing it twice is harmless.
 */
export function registerHovers(context: vscode.ExtensionContext, deps: HoverDeps): vscode.Disposable {
  // Providers of equal score are asked newest first, so registering the token hover last puts the
  // token's details above the concept's explanation when a hover has both.
  const registration = vscode.Disposable.from(
    vscode.languages.registerHoverProvider(ALL_DOCUMENTS, new LazyConceptHoverProvider(() => deps.enabled().concepts)),
    vscode.languages.registerHoverProvider(ALL_DOCUMENTS, new TokenHoverProvider(deps.insights, () => deps.enabled().tokens)),
  );
  context.subscriptions.push(registration);
  return registration;
}
