/**
 * The raw / value-weighted switch, and the line under the controls that says what the numbers are
 * (with the formula) whenever they are not plain attention weights.
 */
import { createRadioGroup } from '../ui';
import { el } from '../views/shared/dom';
import { ROLLOUT_EXPLANATION } from '../../src/model/rollout';
import { VALUE_WEIGHTED_FORMULA } from '../../src/model/value-weighted';
import type { LayerChoice } from './explained-attention';
import type { AttentionKind, Measure } from '../../src/shared/vocabulary';

export function createMeasureControl(value: Measure, onChange: (m: Measure) => void): { element: HTMLElement; setValue(v: Measure): void } {
  return createRadioGroup<Measure>({
    label: 'Values',
    choices: [
      { value: 'raw', label: 'Raw weights' },
      { value: 'weighted', label: 'Value-weighted' },
    ],
    value,
    onChange,
  });
}

/** The sentence for the current choice; empty for plain weights of one layer. */
export function measureExplanation(kind: AttentionKind, layer: LayerChoice, measure: Measure): string {
  if (layer === 'rollout') {
    return `${kind === 'cross' ? ROLLOUT_EXPLANATION.cross : ROLLOUT_EXPLANATION.self} Rollout uses the raw weights${measure === 'weighted' ? ' (the value-weighted switch does not apply to it)' : ''}; it has no heads: it averages them.`;
  }
  if (measure === 'weighted') {
    return `Value-weighted attention (Kobayashi et al. 2020): each cell is ${VALUE_WEIGHTED_FORMULA}, the size of what key j really moves into query i (W^O_h: the head's rows of the output projection). A large weight on a token with a small value vector moves little. Not bounded by 1; rows need not sum to 1; the mean over heads is the mean of these maps.`;
  }
  return '';
}

export function createMeasureNote(): { element: HTMLElement; set(text: string): void } {
  const element = el('p', { class: 'xr-explain xr-measure-note', hidden: true });
  return {
    element,
    set(text) {
      element.textContent = text;
      element.hidden = text === '';
    },
  };
}
