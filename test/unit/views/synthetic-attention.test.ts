import * as assert from 'assert';
import { decoderInput, splitCode, syntheticRun } from '../../../webview/dev/synthetic-attention';
import { meanOverHeads } from '../../../webview/views/shared/mean-over-heads';

describe('synthetic demo data (dev harness)', () => {
  const run = syntheticRun('def f(x):\n\treturn x', 2, 3);

  it('splits code into tokens with exact offsets, whitespace kept', () => {
    const tokens = splitCode('a  +\tb\n');
    assert.deepStrictEqual(tokens.map((t) => t.text), ['a', '  ', '+', '\t', 'b', '\n']);
    assert.deepStrictEqual(tokens.map((t) => [t.start, t.end]), [[0, 1], [1, 3], [3, 4], [4, 5], [5, 6], [6, 7]]);
  });

  it('builds the decoder input as <s> + the source shifted right by one', () => {
    const d = decoderInput(run.source);
    assert.strictEqual(d.length, run.source.length);
    assert.strictEqual(d[0].text, '<s>');
    assert.strictEqual(d[1].text, run.source[0].text);
    assert.deepStrictEqual(d.map((t) => t.position), d.map((_, i) => i));
  });

  it('every row of every matrix is a distribution, and causal entries are exactly 0', () => {
    for (const kind of ['encoderSelf', 'decoderSelf', 'cross'] as const) {
      for (const m of run.attention[kind].flat()) {
        const nk = m.keys.length;
        for (let q = 0; q < m.queries.length; q++) {
          let sum = 0;
          for (let k = 0; k < nk; k++) sum += m.weights[q * nk + k];
          assert.ok(Math.abs(sum - 1) < 1e-5, `${kind} row ${q} sums to ${sum}`);
          if (kind === 'decoderSelf') for (let k = q + 1; k < nk; k++) assert.strictEqual(m.weights[q * nk + k], 0);
        }
      }
    }
  });

  it('uses the right tokens per kind: cross = decoder input × source', () => {
    const cross = run.attention.cross[0][0];
    assert.strictEqual(cross.queries, run.decoder);
    assert.strictEqual(cross.keys, run.source);
    assert.strictEqual(run.attention.decoderSelf[0][0].keys, run.decoder);
  });

  it('the mean over heads is a distribution too', () => {
    const mean = meanOverHeads(run.attention.decoderSelf[1]);
    assert.strictEqual(mean.head, 'mean');
    const nk = mean.keys.length;
    let sum = 0;
    for (let k = 0; k < nk; k++) sum += mean.weights[nk + k];
    assert.ok(Math.abs(sum - 1) < 1e-5);
    assert.strictEqual(mean.weights[2], 0); // query 0 cannot see key 2
  });
});
