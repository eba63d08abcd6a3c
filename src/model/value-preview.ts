/**
 * Values from untrusted files (checkpoints, tokenizer.json), shown in error messages. Messages stay
 * short and building them cannot fail, whatever the value.
 */

/** Most characters of a bad value that a message quotes (the bound: messages stay short). */
export const MAX_PREVIEW = 200;

/**
 * Any value from a file, shown for a message in at most about {@link MAX_PREVIEW} characters. Never
 * stringifies a nested value (a value nested 100,000 deep would overflow the stack; a huge one
 * would make a huge message): arrays and objects are described by their size only.
 */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_PREVIEW ? `${value.slice(0, MAX_PREVIEW)}…` : value);
  }
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** A message from elsewhere (a JSON parser's), cut to {@link MAX_PREVIEW} characters. */
export function shortMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : 'unknown error';
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW)}…` : text;
}
