import type { TokenLabel } from '../types';

/**
 * True when two token lists show the same tokens. Callers often rebuild the arrays on every update;
 * comparing contents (not identity) lets views keep a lock or a keyboard focus across such updates.
 */
export function sameTokens(a: readonly TokenLabel[] | undefined, b: readonly TokenLabel[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].text !== b[i].text || a[i].position !== b[i].position || a[i].id !== b[i].id) return false;
  }
  return true;
}
