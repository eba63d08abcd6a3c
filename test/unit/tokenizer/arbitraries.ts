import fc from 'fast-check';

/** Any UTF-16 code unit, so strings with lone surrogates (ill-formed UTF-16) are generated too. */
export const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Fragments that stress the code rules and Unicode handling; mixed with random text below. */
const FRAGMENTS = [
  'getUserName', 'HTTPServer', 'snake_case_name', '__init__', '$scope', 'MAX_VALUE', '0x1F', '3.14159',
  '\r\n', '\n', '\r', '\t', '    ', ' ', '\u00a0', '\u200b', '\u200d', '\ufeff', '"str"', "'s'", '`t${x}`',
  '({[', ']})', '=>', '===', '?.', '//', '/**', '*/', '👨‍👩‍👧', '👍🏽', '日本語', 'مرحبا', 'שלום', 'e\u0301',
  'n\u0303\u0301', '\ud800', '\udfff', '\udc00\ud800', '🎉', 'ß', 'İ', 'ﬁ',
];

/** Strings that look a bit like code: fragments above glued with random full-Unicode text. */
export const codeLikeString = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: anyCodeUnit, maxLength: 3 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** Long runs of one piece class with surrogate pairs and marks inside: they hit the piece-length cap. */
export const longRuns = fc
  .array(fc.constantFrom('a', 'B', '😀', 'e\u0301', '=', '\ud800'), { minLength: 30, maxLength: 160 })
  .map((parts) => parts.join(''));

/** The string arbitraries every round-trip property runs over. */
export const allStrings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: anyCodeUnit, maxLength: 200 }),
  codeLikeString,
  longRuns,
);
