/** Regular-expression pieces shared by the catalogue's hand-written patterns. */

/** Not preceded by a letter, digit or `_`: the pattern starts a word. */
export const NOT_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
/** Not followed by a letter, digit or `_`: the pattern ends a word. */
export const NOT_WORD_AFTER = String.raw`(?![\p{L}\p{N}_])`;
