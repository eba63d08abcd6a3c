import * as assert from 'assert';
import { CONCEPTS, conceptById } from '../../../src/host/hover/concepts';
import { conceptMarkdown } from '../../../src/host/hover/concept-markdown';
import { SHOW_VIEW_COMMAND } from '../../../src/host/hover/command-links';

const TABS = ['heatmap', 'overview', 'arcs', 'masks', 'positions', 'model', 'tokens'];
const KINDS = ['encoderSelf', 'decoderSelf', 'cross'];

/** The `command:` links of a Markdown text, with their decoded arguments. */
function commandLinks(md: string): Array<{ label: string; command: string; args: unknown[] }> {
  return Array.from(md.matchAll(/\[([^\]]*)\]\(command:([\w.]+)(?:\?([^)\s]*))?\)/g), (m) => ({
    label: m[1],
    command: m[2],
    args: m[3] === undefined ? [] : (JSON.parse(decodeURIComponent(m[3])) as unknown[]),
  }));
}

describe('concept hover Markdown', () => {
  it('covers every concept the issue asks for', () => {
    for (const id of [
      'scaled-dot-product-attention', 'attention-scaling', 'softmax', 'multi-head-attention', 'query-key-value', 'd-model', 'd-k', 'd-v', 'd-ff',
      'attention-heads', 'attention-mask', 'causal-mask', 'padding-mask', 'positional-encoding', 'layer-norm', 'residual-connection', 'feed-forward',
      'encoder', 'decoder', 'cross-attention', 'label-smoothing', 'warmup-schedule', 'byte-pair-encoding',
    ]) {
      assert.ok(conceptById(id), id);
    }
    assert.throws(() => conceptById('no-such-concept'), /Unknown concept/);
  });

  for (const concept of CONCEPTS) {
    it(`${concept.id}: title, section, equation in a code block, shapes, and a well-formed view link when it has a view`, () => {
      const md = conceptMarkdown(concept);
      assert.ok(md.startsWith(`**${concept.title}**`), md.slice(0, 80));
      assert.ok(md.includes(concept.section));
      assert.ok(md.includes('```text\n' + concept.equation + '\n```'), 'equation as a code block');
      for (const s of concept.shapes) assert.ok(md.includes(`- ${s}`), s);
      const links = commandLinks(md);
      if (concept.view) {
        assert.strictEqual(links.length, 1);
        assert.strictEqual(links[0].label, 'Show in Visualize Attention');
        assert.strictEqual(links[0].command, SHOW_VIEW_COMMAND);
        assert.deepStrictEqual(links[0].args, [concept.view]);
        const view = links[0].args[0] as { tab: string; kind?: string };
        assert.ok(TABS.includes(view.tab), view.tab);
        if (view.kind !== undefined) assert.ok(KINDS.includes(view.kind), view.kind);
      } else {
        assert.deepStrictEqual(links, []);
      }
      // The whole link is one unbroken URI: no raw spaces, quotes or brackets from the JSON.
      for (const m of md.matchAll(/\(command:[^)]*\)/g)) assert.ok(!/[\s"{}]/.test(m[0]), m[0]);
    });
  }

  it('states the paper\'s equations', () => {
    const eq = (id: string) => conceptById(id).equation;
    assert.ok(eq('scaled-dot-product-attention').includes('softmax(QKᵀ / √d_k) V'));
    assert.ok(eq('multi-head-attention').includes('Concat(head_1, …, head_h) W^O'));
    assert.ok(eq('positional-encoding').includes('PE(pos, 2i)   = sin(pos / 10000^(2i / d_model))'));
    assert.ok(eq('positional-encoding').includes('PE(pos, 2i+1) = cos(pos / 10000^(2i / d_model))'));
    assert.ok(eq('feed-forward').includes('FFN(x) = max(0, x W_1 + b_1) W_2 + b_2'));
    assert.ok(eq('warmup-schedule').includes('lrate = d_model^−0.5 · min(step_num^−0.5, step_num · warmup_steps^−1.5)'));
    assert.ok(eq('residual-connection').includes('LayerNorm(x + Dropout(Sublayer(x)))'));
  });

  it('uses the paper\'s base sizes as examples', () => {
    const all = (id: string) => conceptMarkdown(conceptById(id));
    assert.match(all('d-model'), /512/);
    assert.match(all('d-ff'), /2048/);
    assert.match(all('attention-heads'), /h = 8|8 heads/);
    assert.match(all('d-k'), /64/);
    assert.match(all('warmup-schedule'), /4000/);
    assert.match(all('label-smoothing'), /0\.1/);
    assert.match(all('byte-pair-encoding'), /37 000/);
  });

  it('points each attention to the right panel view', () => {
    assert.deepStrictEqual(conceptById('cross-attention').view, { tab: 'heatmap', kind: 'cross' });
    assert.deepStrictEqual(conceptById('decoder-self-attention').view, { tab: 'heatmap', kind: 'decoderSelf' });
    assert.deepStrictEqual(conceptById('causal-mask').view, { tab: 'masks', kind: 'decoderSelf' });
    assert.deepStrictEqual(conceptById('positional-encoding').view, { tab: 'positions' });
    assert.deepStrictEqual(conceptById('multi-head-attention').view, { tab: 'overview' });
  });
});
