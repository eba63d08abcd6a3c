/**
 * A short content hash (cyrb53: two multiplicative 32-bit lanes, 53 bits, 14 hex digits) used to
 * version a tokenizer. It identifies, it does not protect: a checkpoint records it so a model is
 * never run with token ids from a different vocabulary. No crypto module, so it works in a webview.
 */
export function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 2097152 * (h2 >>> 0) + (h1 >>> 0);
  return n.toString(16).padStart(14, '0');
}
