import { computeInsights, type AnalysisInsights, type InsightsSource } from '../hover';
import type { WebviewMessage } from '../../shared/protocol';
import type { AnalysedRun } from './analysed-run';

type Results = Extract<WebviewMessage, { type: 'results' }>;

/**
 * What the token hovers read: the current run's results from the webview, turned into per-token
 * insights on the first hover (not on every focus change) and kept until the next results arrive.
 */
export class InsightsStore implements InsightsSource {
  private run: AnalysedRun | undefined;
  private results: Results | undefined;
  private insights: AnalysisInsights | undefined;

  /** Keeps results only for the run they belong to, with one row per analysed token. */
  accept(run: AnalysedRun | undefined, results: Results): boolean {
    if (!run || results.runId !== run.runId || results.focused.length !== run.tokens.length ** 2) return false;
    this.run = run;
    this.results = results;
    this.insights = undefined;
    return true;
  }

  clear(): void {
    this.run = this.results = this.insights = undefined;
  }

  current(documentUri: string): AnalysisInsights | undefined {
    const { run, results } = this;
    if (!run || !results || run.document.uri.toString() !== documentUri) return undefined;
    this.insights ??= computeInsights({
      runId: run.runId,
      documentUri,
      documentVersion: run.version,
      baseOffset: run.baseOffset,
      endOffset: run.endOffset,
      tokens: run.tokens,
      focused: { label: results.label, weights: results.focused },
      meanOverHeads: { label: results.meanLabel, weights: results.mean },
      positionalEncoding: { dModel: results.dModel, rows: results.pe },
    });
    return this.insights;
  }
}
