/**
 * The parts of the model around attention (paper, §3, §3.1, §3.3–§3.5): the encoder-decoder
 * architecture, its two stacks, the feed-forward network, residual connections, layer
 * normalisation, embeddings and positional encoding.
 */
import type { Concept } from '../concept';
import { NOT_WORD_BEFORE, NOT_WORD_AFTER } from './notation';

export const ARCHITECTURE_CONCEPTS: Concept[] = [
  {
    id: 'transformer',
    title: 'The Transformer (encoder-decoder)',
    section: '§3, Figure 1',
    explanation:
      'An encoder-decoder model built only from attention and position-wise feed-forward layers, with no recurrence and no convolution. ' +
      'The encoder maps the source tokens to representations z; the decoder generates the output one token at a time, attending to its own previous outputs (masked self-attention) and to z (encoder-decoder attention). ' +
      'The base model (65M parameters) trained in 12 hours on 8 P100 GPUs; the big model (213M) reached 28.4 BLEU on WMT 2014 English-German and 41.8 on English-French.',
    equation: 'z = Encoder(x_1 … x_n)\nP(y_t | y_<t, x) = softmax(Linear(Decoder(y_<t, z)))',
    shapes: [
      'base: N = 6, d_model = 512, d_ff = 2048, h = 8, d_k = d_v = 64, P_drop = 0.1',
      'big: N = 6, d_model = 1024, d_ff = 4096, h = 16, d_k = d_v = 64, P_drop = 0.3',
    ],
    inCode:
      '`nn.Transformer()` defaults to the base sizes (d_model=512, nhead=8, 6 + 6 layers, dim_feedforward=2048, dropout=0.1) and is post-LN like the paper (`norm_first=False`), ' +
      'but adds a final LayerNorm after each stack.',
    view: { tab: 'model' },
    terms: [
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}(?:torch\.)?nn\.Transformer${NOT_WORD_AFTER}`, 'u'), anchors: ['nn.transformer'] },
      { words: 'encoder|enc decoder|dec' },
      { words: 'encoder|enc decoder|dec model|architecture' },
      { words: 'transformer model|architecture' },
      { words: 'vanilla transformer' },
      { words: 'attention is all you need' },
    ],
  },
  {
    id: 'encoder',
    title: 'Encoder stack',
    section: '§3.1',
    explanation:
      'A stack of N = 6 identical layers. Each layer has two sub-layers, multi-head self-attention and a position-wise feed-forward network, each wrapped in a residual connection followed by layer normalisation. ' +
      'The encoder maps the input (x_1 … x_n) to continuous representations z = (z_1 … z_n), which every decoder layer reads through encoder-decoder attention. Encoder-only models (BERT) keep just this stack.',
    equation: 'x ← LayerNorm(x + MultiHead(x, x, x))\nx ← LayerNorm(x + FFN(x))          (N times)',
    shapes: ['input and output: n_src × d_model', 'base model: 6 layers of 512 dimensions'],
    inCode: '`nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1)` stacked by `nn.TransformerEncoder(layer, num_layers)`.',
    view: { tab: 'model' },
    terms: [
      { words: 'transformer encoder' },
      { words: 'transformer encoder layer|block' },
      { words: 'encoder layer|layers|stack|block|blocks' },
      { words: 'encoder only' },
    ],
  },
  {
    id: 'decoder',
    title: 'Decoder stack',
    section: '§3.1',
    explanation:
      'A stack of N = 6 identical layers with three sub-layers each: masked multi-head self-attention over the outputs so far, multi-head attention over the encoder\'s output, and a position-wise feed-forward network, each wrapped in a residual connection and layer normalisation. ' +
      'Its input is the target shifted right by one position; a final linear layer and softmax give next-token probabilities. Decoder-only models (GPT) drop the encoder and the cross attention.',
    equation: 'y ← LayerNorm(y + MaskedMultiHead(y, y, y))\ny ← LayerNorm(y + MultiHead(y, z, z))\ny ← LayerNorm(y + FFN(y))          (N times)',
    shapes: ['`y`: n_tgt × d_model, `z` (encoder output): n_src × d_model', 'output: n_tgt × vocabulary after the final linear layer'],
    inCode: '`nn.TransformerDecoderLayer` (`self_attn`, `multihead_attn`, feed-forward) stacked by `nn.TransformerDecoder`; called with `tgt`, `memory`, `tgt_mask`.',
    view: { tab: 'model' },
    terms: [
      { words: 'transformer decoder' },
      { words: 'transformer decoder layer|block' },
      { words: 'decoder layer|layers|stack|block|blocks' },
      { words: 'decoder only' },
    ],
  },
  {
    id: 'feed-forward',
    title: 'Position-wise feed-forward network',
    section: '§3.3',
    explanation:
      'Every layer of both stacks has a fully connected feed-forward network applied to each position separately and identically: two linear transformations with a ReLU in between. ' +
      'The weights are shared across positions but differ from layer to layer; equivalently, two convolutions with kernel size 1.',
    equation: 'FFN(x) = max(0, x W_1 + b_1) W_2 + b_2',
    shapes: ['`W_1`: d_model × d_ff, `W_2`: d_ff × d_model', 'base model: n × 512 → n × 2048 → n × 512'],
    inCode: '`linear1`/`linear2` in `nn.TransformerEncoderLayer`; `PositionwiseFeedForward` in the Annotated Transformer; often `ffn` or `mlp`.',
    view: { tab: 'model' },
    terms: [{ words: 'feed forward' }, { words: 'position|point wise feed forward' }, { words: 'ffn' }],
  },
  {
    id: 'residual-connection',
    title: 'Residual connection (Add & Norm)',
    section: '§3.1 and §5.4',
    explanation:
      'Around each sub-layer (two per encoder layer, three per decoder layer) a residual connection adds the sub-layer\'s input to its output, and layer normalisation follows. ' +
      'That is why all sub-layers and embeddings produce d_model-wide outputs. During training, dropout (P_drop = 0.1 in the base model) is applied to each sub-layer\'s output before it is added (residual dropout).',
    equation: 'output = LayerNorm(x + Dropout(Sublayer(x)))',
    shapes: ['`x` and `Sublayer(x)`: n × d_model (512 in the base model)'],
    inCode: '`SublayerConnection` in the Annotated Transformer, which uses the pre-LN form `x + Dropout(Sublayer(LayerNorm(x)))`.',
    view: { tab: 'model' },
    terms: [
      { words: 'residual connection|stream|path|branch|dropout|block' },
      { words: 'skip connection' },
      { words: 'sublayer connection' },
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}Add[ \t]?(?:&|&amp;|\\&)[ \t]?Norm${NOT_WORD_AFTER}`, 'u'), anchors: ['norm'] },
    ],
  },
  {
    id: 'layer-norm',
    title: 'Layer normalisation',
    section: '§3.1',
    explanation:
      'Each sub-layer\'s output is LayerNorm(x + Sublayer(x)) (post-LN). LayerNorm normalises each position\'s d_model-vector to mean 0 and variance 1 over its features, then scales and shifts it with learned γ and β. ' +
      'Many later implementations use pre-LN, x + Sublayer(LayerNorm(x)), with a final LayerNorm after each stack, which is often easier to train in deep stacks.',
    equation: 'LayerNorm(x) = γ ⊙ (x − μ) / √(σ² + ε) + β\nμ, σ²: mean and variance over the d_model features of one position',
    shapes: ['`x`: n × d_model; `γ`, `β`: d_model (512 in the base model)'],
    inCode: '`nn.LayerNorm(d_model, eps=1e-5)`; `nn.TransformerEncoderLayer(norm_first=False)` is the paper\'s post-LN, `norm_first=True` pre-LN.',
    view: { tab: 'model' },
    terms: [
      { words: 'layer norm|normalization|normalisation' },
      { words: 'norm first' },
      { words: 'pre|post ln|norm|layernorm' },
      { words: 'pre|post layer norm|normalization|normalisation' },
    ],
  },
  {
    id: 'embeddings',
    title: 'Embeddings (shared, scaled by √d_model)',
    section: '§3.4',
    explanation:
      'Learned embeddings turn token ids into d_model-vectors. The paper shares one weight matrix between the source embedding, the target embedding and the pre-softmax linear transformation, ' +
      'and multiplies the embedding weights by √d_model. The positional encoding is added to the result.',
    equation: 'Embed(t) = E[t] · √d_model,   E ∈ ℝ^(vocab × d_model)\nlogits = y Eᵀ   (the shared pre-softmax projection)',
    shapes: ['`E`: vocabulary × d_model, about 37 000 × 512 in the base model', 'output: n × d_model'],
    view: { tab: 'model' },
    terms: [
      { words: 'token|tok|word|input|output|src|source|tgt|target embedding|embeddings|emb|embed' },
      { words: 'shared|tied embedding|embeddings|weights' },
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}(?:(?:math\.|np\.|torch\.|Math\.)?(?:sqrt|\\sqrt)[ \t]?[({][ \t]?(?:self\.|this\.)?(?:d_?model|dModel|d_\{(?:\\(?:text|mathrm)\{)?model\}?\})[ \t]?[)}]|√[ \t]?(?:\(d_?model\)|d_?model))`, 'u'), anchors: ['sqrt', '√'] },
    ],
  },
  {
    id: 'positional-encoding',
    title: 'Positional encoding',
    section: '§3.5',
    explanation:
      'The model has no recurrence and no convolution, so the order of the tokens enters only through a fixed signal added to the embeddings at the bottom of both stacks. ' +
      'Each pair of dimensions (2i, 2i+1) is a sine and cosine of the position at its own frequency; the wavelengths form a geometric progression from 2π to 10000·2π. ' +
      'For any fixed offset k, PE(pos+k) is a linear function (a rotation in every pair) of PE(pos), which the authors hoped would let the model attend by relative position. ' +
      'Learned positional embeddings gave nearly identical results (Table 3, row E); the sinusoid was chosen because it may extrapolate to longer sequences.',
    equation: 'PE(pos, 2i)   = sin(pos / 10000^(2i / d_model))\nPE(pos, 2i+1) = cos(pos / 10000^(2i / d_model))',
    shapes: ['table: n × d_model, added to the n × d_model embeddings', 'base model: 512 dimensions = 256 sine/cosine pairs'],
    inCode: '`PositionalEncoding` in the PyTorch tutorial and the Annotated Transformer (`div_term = exp(arange(0, d_model, 2) * -(log(10000.0) / d_model))`).',
    view: { tab: 'positions' },
    terms: [
      { words: 'positional|position|pos encoding|encodings|enc|encoder|embedding|embeddings|emb|embed' },
      { words: 'sinusoidal positional|position encoding|encodings|embedding|embeddings' },
      { words: 'sinusoidal encoding|encodings|embedding|embeddings' },
      // PE(pos, 2i), PE_{(pos,2i)}
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}PE(?:_\{)?\([ \t]?pos${NOT_WORD_AFTER}`, 'u'), anchors: ['pe(', 'pe_{('] },
      // 10000^(2i/d_model), 10000 ** (2 * i / d_model)
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}10000(?:\.0?)?[ \t]?(?:\^|\*\*)[ \t]?\{?\(?[ \t]?2[ \t]?\*?[ \t]?i${NOT_WORD_AFTER}`, 'u'), anchors: ['10000'] },
      // log(10000.0) / d_model, the usual div_term
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}log\([ \t]?10000(?:\.0?)?[ \t]?\)`, 'u'), anchors: ['10000'] },
    ],
  },
];
