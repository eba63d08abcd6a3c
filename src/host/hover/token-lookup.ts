/**
 * Decides what a token hover shows at a document offset: a token of the current analysis, a notice
 * that the analysis is stale, or nothing. No `vscode` import.
 */
import { indexAtOffset } from '../analysis/token-index';
import type { AnalysisInsights, TokenInsight } from './token-insights';

export type TokenHoverTarget =
  | { kind: 'token'; token: TokenInsight }
  /** The document changed since the run: offsets may have moved, so no token is claimed. */
  | { kind: 'stale'; start: number; end: number };

/** The token covering `offset` (binary search over the tokens' document offsets), or undefined. */
export function tokenAtOffset(insights: AnalysisInsights, offset: number): TokenInsight | undefined {
  const i = indexAtOffset(insights.tokens, offset);
  return i === undefined ? undefined : insights.tokens[i];
}

/**
 * What to show when hovering `offset` of a document at `documentVersion`, given its analysis.
 * A stale analysis is reported anywhere inside its old range (the best guess at where it now is).
 */
export function tokenHoverTarget(insights: AnalysisInsights | undefined, documentVersion: number, offset: number): TokenHoverTarget | undefined {
  if (!insights || offset < insights.start || offset >= insights.end) return undefined;
  if (documentVersion !== insights.documentVersion) return { kind: 'stale', start: insights.start, end: insights.end };
  const token = tokenAtOffset(insights, offset);
  return token && { kind: 'token', token };
}
