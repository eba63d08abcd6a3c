/**
 * Inputs that break naive tools, each with what Transformer X-Ray must do with it. Used by the unit
 * tests (tokenising and cutting) and the integration tests (the whole command in VS Code).
 */
export interface BadInput {
  name: string;
  text: () => string;
  /** 'refused': a clear message, nothing run. 'runs': analysed, perhaps with a notice. */
  expect: 'refused' | 'runs';
  /** What the message or a notice must say. */
  says?: RegExp;
}

const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const code = 'function add(a, b) {\n  return a + b; // sum\n}\n';

export const BAD_INPUTS: BadInput[] = [
  { name: 'an empty selection on an empty line', text: () => '', expect: 'refused', says: /empty/ },
  { name: 'whitespace only', text: () => '  \t\n   \n\t', expect: 'refused', says: /only whitespace/ },
  { name: '100 000 characters of code', text: () => repeat(code, 100_000), expect: 'runs', says: /the last [\d,]+ tokens .* were dropped/ },
  { name: '5 MB of code', text: () => repeat(code, 5 * 1024 * 1024), expect: 'runs', says: /5,242,880 characters; .* not analysed/ },
  { name: 'one line of 20 000 characters', text: () => repeat('x = [1, 2, 3]; ', 20_000), expect: 'runs', says: /dropped/ },
  { name: 'binary-looking text with NUL bytes', text: () => 'PK\u0003\u0004\u0000\u0000\u0014\u0000\u0008\u0000\u0000\u0000abc\u0000\u00ff', expect: 'runs' },
  { name: 'invalid UTF-16 (lone surrogates)', text: () => 'a\ud800b\udc00c\ud83d', expect: 'runs' },
  { name: 'CJK', text: () => '注意力就是你所需要的一切。変換器は順序を位置符号化で知る。', expect: 'runs' },
  { name: 'emoji ZWJ sequences and skin tones', text: () => 'family = "👨‍👩‍👧‍👦"; ok = "👍🏽"; flag = "🏳️‍🌈"', expect: 'runs' },
  { name: 'combining marks', text: () => 'cafe\u0301 = "n\u0303a\u0308"; Z\u0351\u036b\u0343\u036a', expect: 'runs' },
  { name: 'right-to-left text', text: () => 'label = "مرحبا بالعالم"; hebrew = "שלום"', expect: 'runs' },
  { name: 'zero-width characters', text: () => 'a\u200bb\u200cc\u200dd\ufeffe\u2060f', expect: 'runs' },
  { name: 'CRLF and mixed line endings', text: () => 'a = 1\r\nb = 2\nc = 3\rd = 4\r\n', expect: 'runs' },
  { name: 'tabs', text: () => '\tif x:\n\t\treturn\ty\n', expect: 'runs' },
];
