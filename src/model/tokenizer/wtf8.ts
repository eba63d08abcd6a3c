/**
 * WTF-8 ("Wobbly Transformation Format"): UTF-8 extended so that every JavaScript string, even one
 * with lone (unpaired) surrogates, has a byte form that decodes back to the identical UTF-16.
 *
 * - A well-formed surrogate pair is one code point >= U+10000: 4 bytes, exactly as UTF-8.
 * - A lone surrogate code unit U+D800..U+DFFF is written as the 3-byte pattern UTF-8 would use for
 *   that value (`ED A0..BF 80..BF`), which strict UTF-8 forbids. Decoding turns it back into that
 *   single code unit. This is what makes `decode(encode(x)) === x` hold for every JS string.
 *
 * The decoder is total: any byte that does not start a valid sequence becomes U+FFFD (or what the
 * caller chooses), one replacement per offending byte, so arbitrary model output still decodes.
 */

/** Number of WTF-8 bytes of the character starting at `text[i]`, and its UTF-16 length. */
export function charAt(text: string, i: number): { bytes: number; units: number } {
  const c = text.charCodeAt(i);
  if (c < 0x80) return { bytes: 1, units: 1 };
  if (c < 0x800) return { bytes: 2, units: 1 };
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return { bytes: 4, units: 2 };
  }
  return { bytes: 3, units: 1 };
}

/**
 * Encodes `text` as WTF-8. When `boundaries` is given it receives, for every byte, the UTF-16
 * offset (relative to the start of `text`) that a token ending after this byte ends at: the end
 * of the byte's character for its last byte, the start of that character otherwise. A character
 * cut between tokens therefore belongs to the token holding its last byte.
 */
export function encodeWtf8(text: string, boundaries?: number[]): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const { units } = charAt(text, i);
    const cp = units === 2 ? ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000 : c;
    const before = out.length;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    if (boundaries) {
      for (let k = before; k < out.length - 1; k++) boundaries.push(i);
      boundaries.push(i + units);
    }
    i += units;
  }
  return Uint8Array.from(out);
}

/** Length in bytes of the valid WTF-8 sequence at `bytes[i]`, or 0 when the byte starts none. */
export function sequenceLength(bytes: ArrayLike<number>, i: number): number {
  const b0 = bytes[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean =>
    i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // E0 needs A0.. (no overlongs). ED A0..BF are surrogates: allowed here, unlike strict UTF-8.
    const ok = b0 === 0xe0 ? cont(1, 0xa0) : cont(1);
    return ok && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const ok = b0 === 0xf0 ? cont(1, 0x90) : b0 === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Decodes WTF-8 bytes to a JS string. `invalid(byte)` gives the text for a byte that starts no
 * valid sequence (default U+FFFD).
 */
export function decodeWtf8(bytes: ArrayLike<number>, invalid: (byte: number) => string = () => '\uFFFD'): string {
  const parts: string[] = [];
  let units: number[] = [];
  const flush = (): void => {
    // fromCharCode with a spread is limited by the argument count: flush in chunks.
    if (units.length) parts.push(String.fromCharCode(...units));
    units = [];
  };
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes, i);
    const b0 = bytes[i];
    if (n === 0) {
      flush();
      parts.push(invalid(b0));
      i += 1;
      continue;
    }
    let cp: number;
    if (n === 1) cp = b0;
    else if (n === 2) cp = ((b0 & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
    else if (n === 3) cp = ((b0 & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
    else cp = ((b0 & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    if (units.length > 4096) flush();
    i += n;
  }
  flush();
  return parts.join('');
}
