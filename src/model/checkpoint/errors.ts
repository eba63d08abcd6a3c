/**
 * The errors the checkpoint code throws. Everything that is wrong with a file surfaces as one of
 * these, with a message that names the tensor or field at fault, so the extension can show it as is.
 */

/** A byte buffer is not a valid safetensors file (or tensors cannot be written as one). */
export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

/** A valid safetensors file is not a valid Transformer X-Ray checkpoint (docs/checkpoint-format.md). */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** Longest name quoted in full in a message; longer ones are cut (names come from untrusted files). */
const MAX_QUOTED = 120;

/** A name from a file, quoted for a message: JSON-escaped (quotes, newlines) and cut when very long. */
export function quote(name: string): string {
  return JSON.stringify(name.length > MAX_QUOTED ? `${name.slice(0, MAX_QUOTED)}…` : name);
}

/** A tensor name for a checkpoint message: bare when it is an ordinary dotted name, else {@link quote}d. */
export function tensorName(name: string): string {
  return /^[\w.-]{1,120}$/.test(name) ? name : quote(name);
}

/** Dimensions of a shape from a file shown in full; a longer shape is cut (a header may hold millions). */
const MAX_SHOWN_DIMS = 8;

/** A shape for a message: `[2, 3]`, or `[1, 1, …] (5000000 dimensions)` when very long. */
export function shapeText(shape: readonly number[]): string {
  if (shape.length <= MAX_SHOWN_DIMS) return `[${shape.join(', ')}]`;
  return `[${shape.slice(0, MAX_SHOWN_DIMS).join(', ')}, …] (${shape.length} dimensions)`;
}
