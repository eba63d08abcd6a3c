/**
 * What the panel knows of one finished run. Its own module: the panel, the tab views and the exports
 * all read it, and it depends on none of them.
 */
import type { TransformerConfig } from '../../src/model/config';
import type { BackendReport, RunWindow, WireToken } from '../../src/shared/protocol';
import type { AttentionMaps, RunQueries } from '../engine/engine-client';

export interface RunContext {
  runId: number;
  sourceLabel: string;
  notices: string[];
  tokens: WireToken[];
  config: TransformerConfig;
  weightsTrained: boolean;
  /** The longest sequence the checkpoint was trained on, when it says. */
  trainedLength?: number;
  bosId: number;
  store: AttentionMaps;
  /** On-demand passes of this run (q·k vectors, predictions). */
  probes?: RunQueries;
  /** Display text of every token id, when the host sent it. */
  vocabulary?: string[];
  /** Source positions replaced by <mask> in this run. */
  masked?: readonly number[];
  positionalEncoding?: boolean;
  /** The first run of the same tokens, when this one re-ran them with masks or another positional-encoding choice. */
  baseline?: RunContext;
  millis: number;
  backend: BackendReport;
  /** Set when the tokens are one window of a longer text. */
  window?: RunWindow;
}
