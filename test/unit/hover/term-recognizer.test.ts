import * as assert from 'assert';
import { findTermAt } from '../../../src/host/hover/term-recognizer';
import { conceptAt, termsInText, termsOnLine } from './helpers';

const PYTORCH = `import math
import torch
import torch.nn as nn
import torch.nn.functional as F

class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, num_heads: int, dropout: float = 0.1):
        super().__init__()
        assert d_model % num_heads == 0
        self.d_k = d_model // num_heads
        self.q_proj = nn.Linear(d_model, d_model)
        self.out = nn.Linear(d_model, d_model)

    def forward(self, query, key, value, attn_mask=None, key_padding_mask=None):
        q, k, v = self.q_proj(query), self.k_proj(key), self.v_proj(value)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.d_k)
        if attn_mask is not None:
            scores = scores.masked_fill(attn_mask, float("-inf"))
        weights = F.softmax(scores, dim=-1)
        return torch.matmul(weights, v)

layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048, norm_first=False)
mask = nn.Transformer.generate_square_subsequent_mask(10)
out = model(src, tgt, tgt_mask=mask, src_key_padding_mask=pad)
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)`;

const ORDINARY_TYPESCRIPT = `import { parse } from './query';
const queryString = new URLSearchParams(location.search).toString();
for (const [key, value] of Object.entries(headers)) map.set(key, value);
const keyboardLayout = getKeyboard(); const values = [1, 2, 3];
const headline = article.headline; const attendance = roster.attendance;
const maskedInput = mask(input, '***'); const bitmask = flags & MASK;
const encoder = new TextEncoder(); const decoder = new TextDecoder('utf-8');
class JSONEncoder {} const head = list.head; const heads = coin.flip();
const positionalArgs = process.argv.slice(2); const encoding = 'utf-8';
const transformer = new Transformer(); const layerName = layer.name;
const normalized = normalize(path); const residualValue = y - predict(x);
const dimensions = { width, height }; const modelName = 'gpt';
const attention = user.attention; const warmup = cache.warmup();
const embedding = await embed(text); const scores = rank(items);`;

const ORDINARY_PROSE = `Please pay attention to the headline: the key to success is value.
Heads or tails? The keyboard shortcut opens the query editor.
Attendance was high; the video encoder and the JSON decoder were masked out of the report.
The model's position in the table and its layer of paint need normalization.`;

const MARKDOWN = `## How the Transformer attends
Each layer uses **multi-head attention**: every head runs scaled dot-product attention over queries, keys and values.
Self-attention in the decoder needs a causal mask (a look-ahead mask); padding masks hide pad tokens.
Positional encodings are added to the embeddings; layer normalization follows each residual connection.
The position-wise feed-forward network has d_ff = 2048 and d-model is 512.
Training used label smoothing, a warm-up schedule and byte-pair encoding (BPE).`;

const LATEX = String.raw`\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V
\text{MultiHead}(Q, K, V) = \text{Concat}(\text{head}_1, \dots, \text{head}_h) W^O
PE_{(pos, 2i)} = \sin(pos / 10000^{2i/d_{\text{model}}})
\mathrm{FFN}(x) = \max(0, xW_1 + b_1)W_2 + b_2`;

describe('term recognition', () => {
  describe('Python with torch', () => {
    const found = termsInText(PYTORCH);
    for (const expected of [
      'MultiHeadAttention → multi-head-attention',
      'd_model → d-model',
      'num_heads → attention-heads',
      'd_k → d-k',
      'q_proj → query-key-value',
      'query, key, value → query-key-value',
      'attn_mask → attention-mask',
      'key_padding_mask → padding-mask',
      'q, k, v → query-key-value',
      'matmul(q, k.transpose → scaled-dot-product-attention',
      'math.sqrt(self.d_k) → attention-scaling',
      'softmax → softmax',
      'TransformerEncoderLayer → encoder',
      'nhead → attention-heads',
      'dim_feedforward → d-ff',
      'norm_first → layer-norm',
      'nn.Transformer → transformer',
      'square_subsequent_mask → causal-mask',
      'tgt_mask → causal-mask',
      'src_key_padding_mask → padding-mask',
      'label_smoothing → label-smoothing',
    ]) {
      it(`finds ${expected}`, () => assert.ok(found.includes(expected), found.join('\n')));
    }
    it('finds nothing in masked_fill, weights, scores or the bare q_proj(query) argument', () => {
      const line = '            scores = scores.masked_fill(attn_mask, float("-inf")); weights = 1';
      assert.deepStrictEqual(termsOnLine(line), ['attn_mask → attention-mask']);
      assert.strictEqual(conceptAt('self.q_proj(query)', 'query'), undefined);
    });
  });

  describe('TypeScript', () => {
    it('finds nothing in ordinary code: queryString, key/value, keyboard, headline, attendance, maskedInput, TextEncoder, head, ...', () => {
      assert.deepStrictEqual(termsInText(ORDINARY_TYPESCRIPT), []);
    });
    it('finds the terms of a TypeScript Transformer', () => {
      const code = `const dModel = 512; const numHeads = 8; const dK = dModel / numHeads;
function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor) {
  return tf.matMul(q, k, false, true).div(Math.sqrt(dK)); }
const causalMask = bandPart(ones, -1, 0); const positionalEncoding = sinusoids(512);
const layerNorm = tf.layers.layerNormalization(); const ffn = new FeedForward(dModel, dFF);`;
      const found = termsInText(code);
      for (const expected of [
        'dModel → d-model',
        'numHeads → attention-heads',
        'dK → d-k',
        'scaledDotProductAttention → scaled-dot-product-attention',
        'Math.sqrt(dK) → attention-scaling',
        'causalMask → causal-mask',
        'positionalEncoding → positional-encoding',
        'layerNorm → layer-norm',
        'layerNormalization → layer-norm',
        'ffn → feed-forward',
        'FeedForward → feed-forward',
        'dFF → d-ff',
      ]) {
        assert.ok(found.includes(expected), `${expected} missing from:\n${found.join('\n')}`);
      }
    });
  });

  describe('prose (Markdown)', () => {
    it('finds nothing in ordinary prose about attention, heads, keys, encoders or masks', () => {
      assert.deepStrictEqual(termsInText(ORDINARY_PROSE), []);
    });
    it('finds the terms of a Markdown explanation', () => {
      const found = termsInText(MARKDOWN);
      for (const expected of [
        'multi-head attention → multi-head-attention',
        'scaled dot-product attention → scaled-dot-product-attention',
        'queries, keys and values → query-key-value',
        'Self-attention → self-attention',
        'causal mask → causal-mask',
        'look-ahead mask → causal-mask',
        'padding masks → padding-mask',
        'Positional encodings → positional-encoding',
        'layer normalization → layer-norm',
        'residual connection → residual-connection',
        'position-wise feed-forward → feed-forward',
        'd_ff → d-ff',
        'd-model → d-model',
        'label smoothing → label-smoothing',
        'warm-up schedule → warmup-schedule',
        'byte-pair encoding → byte-pair-encoding',
        'BPE → byte-pair-encoding',
      ]) {
        assert.ok(found.includes(expected), `${expected} missing from:\n${found.join('\n')}`);
      }
    });
  });

  describe('LaTeX', () => {
    const found = termsInText(LATEX);
    for (const expected of [
      'Attention}(Q, K, V) → scaled-dot-product-attention',
      'softmax → softmax',
      'QK^\\top → scaled-dot-product-attention',
      '\\sqrt{d_k} → attention-scaling',
      'MultiHead → multi-head-attention',
      'W^O → multi-head-attention',
      'PE_{(pos → positional-encoding',
      '10000^{2i → positional-encoding',
      'd_{\\text{model → d-model',
      'FFN → feed-forward',
    ]) {
      it(`finds ${expected}`, () => assert.ok(found.includes(expected), found.join('\n')));
    }
    it('leaves \\text{head}_1 alone (a bare "head" is too common)', () => {
      assert.strictEqual(conceptAt(String.raw`\text{head}_1`, 'head'), undefined);
    });
  });

  describe('naming conventions', () => {
    const cases: Array<[string, string[]]> = [
      ['d-model', ['d_model', 'dModel', 'DModel', 'D_MODEL', 'd-model', 'dmodel', 'd_{model}', String.raw`d_\text{model}`, 'embed_dim', 'n_embd']],
      ['attention-heads', ['num_heads', 'numHeads', 'NUM_HEADS', 'nhead', 'n_heads', 'nHeads', 'NHEAD', 'n_head', 'num_attention_heads', 'attention heads', 'number of heads']],
      ['multi-head-attention', ['MultiHeadAttention', 'MultiheadAttention', 'multi_head_attention', 'MULTI_HEAD_ATTENTION', 'multihead_attn', 'multi-head attention', 'Multi-Head Attention', 'multihead', 'mha']],
      ['self-attention', ['self_attn', 'selfAttention', 'SelfAttention', 'self-attention', 'SELF_ATTN']],
      ['attention-mask', ['attn_mask', 'attention_mask', 'attentionMask', 'attention mask', 'src_mask', 'memory_mask']],
      ['d-k', ['d_k', 'dK', 'D_K', 'dk', 'head_dim', 'headDim', 'd_head', 'dim_head', 'key_dim', 'head_size']],
      ['cross-attention', ['cross_attn', 'crossAttention', 'cross-attention', 'encoder-decoder attention', 'enc_dec_attn', 'EncoderDecoderAttention']],
      ['decoder-self-attention', ['masked multi-head attention', 'masked self-attention', 'CausalSelfAttention', 'decoder self-attention']],
      ['positional-encoding', ['PositionalEncoding', 'positional_encoding', 'pos_emb', 'pos_encoder', 'position embeddings', 'POS_ENC']],
    ];
    for (const [concept, spellings] of cases) {
      it(`${concept}: ${spellings.join(', ')}`, () => {
        for (const s of spellings) {
          const line = `x = ${s} + 1`;
          const m = findTermAt(line, 4);
          assert.ok(m, `${s} is not recognised`);
          assert.strictEqual(m.conceptId, concept, `${s} → ${m.conceptId}`);
          assert.strictEqual(m.start, 4, `${s} starts at its first character`);
        }
      });
    }
  });

  describe('word boundaries', () => {
    for (const word of ['attendance', 'headline', 'Headline', 'HEADLINE', 'keyboard', 'queryString', 'values', 'maskedInput', 'unmasked', 'softmaxed', 'encoders', 'subheads', 'nheadline', 'bpeach', 'dkim', 'DKIM', 'ffnord', 'mhap']) {
      it(`does not trigger inside ${word}`, () => assert.deepStrictEqual(termsOnLine(`let ${word} = 1;`), []));
    }
    it('finds a term inside a longer identifier at a camel or snake boundary', () => {
      assert.strictEqual(conceptAt('self.enc_layer_norm_eps', 'layer'), 'layer-norm');
      assert.strictEqual(conceptAt('myMultiHeadAttentionBlock', 'Multi'), 'multi-head-attention');
      assert.strictEqual(conceptAt('QKVProjection', 'QKV'), 'query-key-value');
    });
    it('takes plurals and digits after a term', () => {
      assert.strictEqual(conceptAt('causal masks', 'masks', 4), 'causal-mask');
      assert.strictEqual(conceptAt('layer_norm2 = x', 'norm'), 'layer-norm');
    });
    it('needs a clear context for the single letters Q, K, V', () => {
      assert.strictEqual(conceptAt('Q, K, V', 'K'), 'query-key-value');
      assert.strictEqual(conceptAt('Q, K and V', 'V'), 'query-key-value');
      assert.strictEqual(conceptAt('W_i^K', 'W'), 'query-key-value');
      assert.strictEqual(conceptAt('scores = q @ k.T', 'q'), 'scaled-dot-product-attention');
      assert.deepStrictEqual(termsOnLine('let q = 1; k = 2; v = q + k; const K = 3;'), []);
      assert.deepStrictEqual(termsOnLine('the set {Q, K} is QK-stable'), []);
    });
  });

  describe('overlaps', () => {
    it('the longest term covering the cursor wins', () => {
      assert.strictEqual(conceptAt('dim_feedforward=2048', 'feedforward'), 'd-ff');
      assert.strictEqual(conceptAt('nn.TransformerEncoderLayer', 'Encoder'), 'encoder');
      assert.strictEqual(conceptAt('encoder-decoder attention', 'encoder'), 'cross-attention');
      assert.strictEqual(conceptAt('encoder-decoder model', 'encoder'), 'transformer');
      assert.strictEqual(conceptAt('masked multi-head attention', 'multi'), 'decoder-self-attention');
      assert.strictEqual(conceptAt('tgt_key_padding_mask', 'tgt'), 'padding-mask');
      assert.strictEqual(conceptAt('x / math.sqrt(d_k)', 'd_k'), 'attention-scaling');
      assert.strictEqual(conceptAt('emb * math.sqrt(self.d_model)', 'd_model'), 'embeddings');
    });
    it('reports the exact range of the term', () => {
      const line = 'out, w = self.self_attn(x, x, x)';
      assert.deepStrictEqual(findTermAt(line, line.indexOf('attn')), { conceptId: 'self-attention', start: 14, end: 23, text: 'self_attn' });
    });
    it('returns nothing beside a term, at the end of the line, or off the line', () => {
      const line = 'nhead = 8';
      assert.strictEqual(findTermAt(line, 5), undefined);
      assert.strictEqual(findTermAt(line, line.length), undefined);
      assert.strictEqual(findTermAt(line, -1), undefined);
      assert.strictEqual(findTermAt('', 0), undefined);
    });
  });
});
