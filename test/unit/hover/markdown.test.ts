import * as assert from 'assert';
import fc from 'fast-check';
import { codeBlock, codeSpan, escapeMarkdown, tableCodeSpan } from '../../../src/host/hover/markdown';
import { commandLink, commandUri, CONCEPT_HOVER_COMMANDS, TOKEN_HOVER_COMMANDS } from '../../../src/host/hover/command-links';

/** What a CommonMark code span shows: the content between the fences, one padding space stripped each side. */
function codeSpanContent(span: string): string {
  const fence = span.match(/^`+/)![0];
  assert.ok(span.endsWith(fence));
  const inner = span.slice(fence.length, span.length - fence.length);
  return inner.startsWith(' ') && inner.endsWith(' ') && inner.trim().length > 0 ? inner.slice(1, -1) : inner;
}

describe('hover Markdown helpers', () => {
  it('escapes Markdown syntax and HTML in plain text', () => {
    assert.strictEqual(escapeMarkdown('[x](command:evil) *a* <b>&'), '\\[x\\]\\(command:evil\\) \\*a\\* &lt;b&gt;&amp;');
  });

  it('makes code spans that show any text literally, backticks included', () => {
    assert.strictEqual(codeSpan('abc'), '`abc`');
    assert.strictEqual(codeSpan('a`b'), '``a`b``');
    assert.strictEqual(codeSpan('`x'), '`` `x ``');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', ' ', '|', 'b'), minLength: 1, maxLength: 12 }), (text) => {
        const span = codeSpan(text);
        const fence = span.match(/^`+/)![0];
        const longestInside = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
        assert.ok(fence.length > longestInside);
        if (text.trim().length > 0 && !(text.startsWith(' ') && text.endsWith(' '))) assert.strictEqual(codeSpanContent(span), text);
      }),
    );
  });

  it('escapes pipes in table cells, even inside code', () => {
    assert.strictEqual(tableCodeSpan('a|b'), '`a\\|b`');
  });

  it('fences code blocks longer than any fence inside', () => {
    assert.strictEqual(codeBlock('x'), '```text\nx\n```');
    assert.strictEqual(codeBlock('a\n````\nb'), '`````text\na\n````\nb\n`````');
  });

  it('encodes command arguments as a URI-safe JSON array that decodes back', () => {
    const args = { tab: 'heatmap', kind: 'cross', text: 'a b)"]' };
    const uri = commandUri('transformerXray.showView', args);
    assert.match(uri, /^command:transformerXray\.showView\?[^\s()"[\]{}]+$/);
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(uri.split('?')[1])), [args]);
    assert.strictEqual(commandUri('transformerXray.visualizeAttention'), 'command:transformerXray.visualizeAttention');
    assert.strictEqual(commandLink('Go', 'x.y'), '[Go](command:x.y)');
  });

  it('trusts each hover for its own commands only', () => {
    assert.deepStrictEqual([...CONCEPT_HOVER_COMMANDS].sort(), ['transformerXray.showView', 'transformerXray.visualizeAttention']);
    assert.deepStrictEqual([...TOKEN_HOVER_COMMANDS].sort(), ['transformerXray.focusToken', 'transformerXray.visualizeAttention']);
  });
});
