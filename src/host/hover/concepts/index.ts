/**
 * The concept catalogue: every idea a hover can explain. The order matters only to break ties
 * between two spellings of equal length that both cover the cursor (the earlier concept wins).
 */
import type { Concept } from '../concept';
import { ATTENTION_CONCEPTS } from './attention';
import { DIMENSION_CONCEPTS } from './dimensions';
import { MASK_CONCEPTS } from './masks';
import { ARCHITECTURE_CONCEPTS } from './architecture';
import { TRAINING_CONCEPTS } from './training';

export const CONCEPTS: readonly Concept[] = [
  ...ATTENTION_CONCEPTS,
  ...DIMENSION_CONCEPTS,
  ...MASK_CONCEPTS,
  ...ARCHITECTURE_CONCEPTS,
  ...TRAINING_CONCEPTS,
];

const BY_ID = new Map(CONCEPTS.map((c) => [c.id, c]));

/** The concept with this id; throws for an unknown id (a programming error, not user input). */
export function conceptById(id: string): Concept {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`Unknown concept "${id}".`);
  return c;
}
