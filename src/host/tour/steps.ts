/**
 * What each step of the guided tour shows, as data: which sample file, which lines of it, and which
 * view of the attention panel. The walkthrough in package.json (`contributes.walkthroughs`) has one
 * button per entry here, in the paper's order; `registerTour` turns each entry into a command.
 *
 * No `vscode` import, so the unit tests can check every entry against the shipped samples.
 */
import type { ViewRequest } from '../../shared/protocol';

/** The walkthrough's id in package.json; VS Code names it `<publisher>.<name>#<id>`. */
export const WALKTHROUGH_ID = 'transformerXray.tour';

/** The palette command that opens the walkthrough. */
export const OPEN_TOUR_COMMAND = 'transformerXray.openTour';

/**
 * Whole lines of a sample to select: from the line where `from` first occurs to the line holding the
 * last character of the first `to` after it (a trailing newline belongs to the line it ends, so
 * `'\n  }\n'` ends on a line that is exactly `  }`). Text anchors rather than line numbers, so
 * that editing a sample cannot silently shift a step onto other code: a unit test checks every
 * anchor against the shipped samples.
 */
export interface SampleLines {
  /** File name in media/samples/. */
  file: string;
  from: string;
  to: string;
}

export interface TourStep {
  /** The command the step's button runs (hidden from the palette). */
  command: string;
  /** The code or prose the step runs Visualize Attention on. */
  lines: SampleLines;
  /**
   * What the panel shows afterwards. Steps other than the positional-encoding toggle ask for
   * positional encoding on, so the tour shows the paper's model even after the toggle left it off.
   */
  view: ViewRequest;
}

const CODE = 'brackets.ts';
/** The function body's loop: repeated identifiers (`ch`, `stack`, `pairs`) and nested brackets. */
const LOOP: SampleLines = { file: CODE, from: 'for (const ch of text)', to: '\n  }\n' };
const FUNCTION: SampleLines = { file: CODE, from: 'export function balanced', to: 'return stack.length === 0;\n}' };
const WHOLE_FILE: SampleLines = { file: CODE, from: '// Balanced brackets', to: 'console.log' };
/** "The dog chased the cat ... the cat chased the dog": same words, another order. */
const ENGLISH: SampleLines = { file: 'order.en.txt', from: 'The dog chased', to: 'already written' };
/** A Greek sentence with the same words twice in another order ("first work, then play" is not "first play, then work"). */
const GREEK: SampleLines = { file: 'order.el.txt', from: 'Η σειρά μετράει', to: 'μετά δουλειά»' };

/**
 * Step commands by name. Several steps have more than one button (masks and the masked heatmap;
 * positional encoding on and off); each button is one command that does the whole thing.
 */
export const TOUR_STEPS = {
  /** 1. Architecture: what flows from the encoder to the decoder (encoder-decoder attention). */
  architecture: {
    command: 'transformerXray.tour.architecture',
    lines: FUNCTION,
    view: { tab: 'heatmap', kind: 'cross', layer: 0, head: 'mean', positionalEncoding: true },
  },
  /** 2. Scaled dot-product attention: one head of encoder self-attention. */
  attention: {
    command: 'transformerXray.tour.attention',
    lines: LOOP,
    view: { tab: 'heatmap', kind: 'encoderSelf', layer: 0, head: 0, positionalEncoding: true },
  },
  /** 3. Multi-head attention: every layer and head at once. */
  heads: {
    command: 'transformerXray.tour.heads',
    lines: LOOP,
    view: { tab: 'overview', kind: 'encoderSelf', positionalEncoding: true },
  },
  /** 4. Masking: the decoder's causal mask on this input... */
  masks: {
    command: 'transformerXray.tour.masks',
    lines: ENGLISH,
    view: { tab: 'masks', kind: 'decoderSelf', positionalEncoding: true },
  },
  /** ...and the masked self-attention it produces. */
  maskedHeatmap: {
    command: 'transformerXray.tour.maskedHeatmap',
    lines: ENGLISH,
    view: { tab: 'heatmap', kind: 'decoderSelf', layer: 0, head: 0, positionalEncoding: true },
  },
  /** 5. Positional encoding: the sinusoids for these positions... */
  positions: {
    command: 'transformerXray.tour.positions',
    lines: GREEK,
    view: { tab: 'positions', positionalEncoding: true },
  },
  /** ...the same input without them (attention becomes blind to order)... */
  withoutPositions: {
    command: 'transformerXray.tour.withoutPositions',
    lines: GREEK,
    view: { tab: 'heatmap', kind: 'encoderSelf', layer: 0, head: 0, positionalEncoding: false },
  },
  /** ...and with them again. */
  withPositions: {
    command: 'transformerXray.tour.withPositions',
    lines: GREEK,
    view: { tab: 'heatmap', kind: 'encoderSelf', layer: 0, head: 0, positionalEncoding: true },
  },
  /** 7. Beyond raw weights: value-weighted attention (Kobayashi et al. 2020) on the function... */
  valueWeighted: {
    command: 'transformerXray.tour.valueWeighted',
    lines: FUNCTION,
    view: { tab: 'heatmap', kind: 'encoderSelf', layer: 0, head: 'mean', positionalEncoding: true, measure: 'weighted' },
  },
  /** ...and the predictions, where a source token can be masked with <mask>. */
  predictions: {
    command: 'transformerXray.tour.predictions',
    lines: FUNCTION,
    view: { tab: 'predictions', kind: 'encoderSelf', positionalEncoding: true },
  },
  /** 6. Cost: Table 1 with n from this selection. */
  cost: {
    command: 'transformerXray.tour.cost',
    lines: WHOLE_FILE,
    view: { tab: 'model', positionalEncoding: true },
  },
} satisfies Record<string, TourStep>;

export type TourStepName = keyof typeof TOUR_STEPS;

/** 7. Your own model: opens the shipped export example (no analysis). */
export const EXPORT_EXAMPLE = { command: 'transformerXray.tour.exportExample', file: 'export_checkpoint.py' } as const;

/** Every command the tour registers, in the walkthrough's order. */
export const TOUR_COMMANDS: readonly string[] = [
  OPEN_TOUR_COMMAND,
  ...Object.values(TOUR_STEPS).map((s) => s.command),
  EXPORT_EXAMPLE.command,
];

/** Every sample file the tour opens. */
export const TOUR_SAMPLES: readonly string[] = [...new Set([...Object.values(TOUR_STEPS).map((s) => s.lines.file), EXPORT_EXAMPLE.file])];
