import * as assert from 'assert';
import fc from 'fast-check';
import { CONCEPTS } from '../../../src/host/hover/concepts';
import { compileTerms, longestWordsMatch, MAX_TERM_LENGTH, parseWords, wordsSource } from '../../../src/host/hover/term-patterns';
import { findTermAt, type TermMatch } from '../../../src/host/hover/term-recognizer';

const WORD_FORMS = CONCEPTS.flatMap((c) => c.terms.flatMap((t) => ('words' in t ? [t.words] : [])));
const PATTERNS = CONCEPTS.flatMap((c) => c.terms.flatMap((t) => ('pattern' in t ? [t.pattern] : [])));

/** The same search as findTermAt, over the whole line with no window: the reference. */
function findOnWholeLine(line: string, character: number): TermMatch | undefined {
  let best: TermMatch | undefined;
  for (const term of compileTerms(CONCEPTS)) {
    term.regex.lastIndex = 0;
    for (let m = term.regex.exec(line); m !== null && m.index <= character; m = term.regex.exec(line)) {
      const end = m.index + m[0].length;
      if (end > character && (!best || end - m.index > best.end - best.start)) best = { conceptId: term.conceptId, start: m.index, end, text: m[0] };
      term.regex.lastIndex = m.index + 1;
    }
  }
  return best;
}

describe('term patterns', () => {
  it('parses parts and spellings, longest spelling first', () => {
    assert.deepStrictEqual(parseWords('multi head attention|attn'), [['multi'], ['head'], ['attention', 'attn']]);
    assert.deepStrictEqual(parseWords('n|num head|heads'), [['num', 'n'], ['heads', 'head']]);
  });

  it('rejects malformed word forms', () => {
    for (const bad of ['Multi head', 'multi  head', 'multi_head', ' head', 'head|', 'a||b', '']) {
      assert.throws(() => parseWords(bad), /lower-case words/, bad);
    }
  });

  it('joins one-letter parts only in code conventions, never with spaces', () => {
    const dk = new RegExp(wordsSource('d k'), 'u');
    for (const s of ['d_k', 'dK', 'd-k', 'dk', 'd_{k}']) assert.ok(dk.test(`(${s})`), s);
    assert.ok(!dk.test('(d k)'));
    const mha = new RegExp(wordsSource('multi head attention'), 'u');
    assert.ok(mha.test('the multi head   attention'));
    assert.ok(!mha.test('the multi head \n attention'), 'never across lines');
  });

  it('has a unique id, a section, an explanation, an equation and shapes for every concept', () => {
    const ids = CONCEPTS.map((c) => c.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const c of CONCEPTS) {
      assert.match(c.section, /§\d/, c.id);
      assert.ok(c.explanation.length > 100, c.id);
      assert.ok(c.equation.length > 5, c.id);
      assert.ok(c.shapes.length > 0, c.id);
      assert.ok(c.terms.length > 0, c.id);
    }
  });

  it('keeps every word form within MAX_TERM_LENGTH, however it is spelled', () => {
    for (const w of WORD_FORMS) assert.ok(longestWordsMatch(w) <= MAX_TERM_LENGTH, `${w}: ${longestWordsMatch(w)}`);
  });

  it('bounds every quantifier of the hand-written patterns (the window relies on it)', () => {
    for (const p of PATTERNS) {
      const outsideClasses = p.source.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
      assert.ok(!/[*+]|\{\d+,\}/.test(outsideClasses), `unbounded quantifier in ${p.source}`);
    }
  });

  it('finds exactly what a search of the whole line finds, on long lines full of near-terms (windowing is exact)', function () {
    this.timeout(20_000);
    const fragments = [
      'multi-head', ' attention', 'MultiHeadAttention', 'd_model', 'dModel', '_', '-', ' ', '   ', '.', '(', ')', 'x', 'X', '9',
      'headline', 'masked', 'mask', 'key_padding_mask', 'math.sqrt(d_k)', 'QK^T', 'Q, K, V', 'queries, keys and values', 'encoder', 'decoder',
      'attn', 'self', 'Layer', 'Norm', 'dim_feedforward', 'nhead', '\\sqrt{', 'd_{\\text{model}}', 'é', '10000^{2i', 'PE(pos',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 200 }), fc.nat(), (parts, pick) => {
        const line = parts.join('');
        const character = pick % line.length;
        assert.deepStrictEqual(findTermAt(line, character), findOnWholeLine(line, character));
      }),
      { numRuns: 300 },
    );
  });

  it('takes the same time on a 5 MB line as on a short one (only a window is read)', () => {
    const long = 'x'.repeat(5_000_000) + ' multi-head attention ' + 'y'.repeat(5_000_000);
    const at = 5_000_000 + 3;
    const started = process.hrtime.bigint();
    const m = findTermAt(long, at);
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    assert.strictEqual(m?.conceptId, 'multi-head-attention');
    assert.ok(micros < 50_000, `${micros} µs`);
  });
});
