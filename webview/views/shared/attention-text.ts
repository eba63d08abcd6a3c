/**
 * The words every view uses for the three attentions, in one place so the axis titles of the
 * heatmap, the columns of the arcs view and the tooltips can never disagree.
 * Queries are the tokens that attend (softmax rows); keys are the tokens attended to (columns).
 */
import type { AttentionKind, AttentionMatrix } from '../types';

export interface AttentionWording {
  /** Heading, e.g. "Encoder–decoder (cross) attention". */
  name: string;
  /** Which sequence the queries come from, e.g. "decoder input". */
  querySource: string;
  /** Which sequence the keys come from. */
  keySource: string;
  /** One or two sentences shown with the view. */
  explanation: string;
}

const WORDING: Record<AttentionKind, AttentionWording> = {
  encoderSelf: {
    name: 'Encoder self-attention',
    querySource: 'source tokens',
    keySource: 'source tokens',
    explanation:
      'Each source token (row) attends to every source token (column); each row is a softmax and sums to 1. ' +
      'Only padding, if any, is masked here.',
  },
  decoderSelf: {
    name: 'Decoder masked self-attention',
    querySource: 'decoder input',
    keySource: 'decoder input',
    explanation:
      'Each decoder-input token (<s> + the source shifted right by one) attends to itself and earlier positions only: ' +
      'the causal (subsequent) mask sets later positions to −∞ before the softmax, so their weights are exactly 0.',
  },
  cross: {
    name: 'Encoder–decoder (cross) attention',
    querySource: 'decoder input',
    keySource: 'source tokens, encoder output',
    explanation:
      'Queries come from the decoder (rows), keys and values from the encoder’s output over the source (columns): ' +
      'this is where each output position looks up the input.',
  },
};

export function attentionWording(kind: AttentionKind): AttentionWording {
  return WORDING[kind];
}

/** "Queries (decoder input, attending)": the title of the row axis. */
export function queryAxisTitle(kind: AttentionKind): string {
  return `Queries (${WORDING[kind].querySource}, attending)`;
}

/** "Keys (source tokens, attended to)": the title of the column axis. */
export function keyAxisTitle(kind: AttentionKind): string {
  return `Keys (${WORDING[kind].keySource}, attended to)`;
}

/** "Layer 2" for data layer 1: data is 0-based, people count from 1. "Rollout" for the rollout. */
export function layerName(layer: number | 'rollout'): string {
  return layer === 'rollout' ? 'Rollout (all layers)' : `Layer ${layer + 1}`;
}

/** What a matrix's numbers are, for titles and legends. */
export function measureName(m: Pick<AttentionMatrix, 'measure'>): string {
  if (m.measure === 'weighted') return 'Value-weighted ‖α·f(x)‖';
  if (m.measure === 'rollout') return 'Rollout share';
  return 'Attention weight';
}

/** "Head 3" for data head 2, "Mean over heads" for 'mean'. */
export function headName(head: number | 'mean'): string {
  return head === 'mean' ? 'Mean over heads' : `Head ${head + 1}`;
}

/** "Encoder self-attention · Layer 1 · Head 2". */
export function matrixTitle(m: Pick<AttentionMatrix, 'kind' | 'layer' | 'head' | 'measure'>): string {
  if (m.layer === 'rollout') return `${WORDING[m.kind].name} · ${layerName(m.layer)}`;
  return `${WORDING[m.kind].name} · ${layerName(m.layer)} · ${headName(m.head)}${m.measure === 'weighted' ? ' · value-weighted' : ''}`;
}

export const MASKED_EXPLANATION = 'masked: set to −∞ before softmax, weight exactly 0';
