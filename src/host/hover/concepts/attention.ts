/**
 * Concepts of the attention mechanism itself (paper, §3.2): scaled dot-product attention, its
 * scaling, softmax, queries/keys/values, multi-head attention and heads, and the model's three
 * uses of attention (§3.2.3).
 */
import type { Concept } from '../concept';
import { NOT_WORD_BEFORE, NOT_WORD_AFTER } from './notation';

/** How code names d_k inside a scaling expression (`math.sqrt(self.d_k)`, `head_dim ** -0.5`). */
const DK = String.raw`(?:self\.|this\.)?(?:d_\{k\}|d_?[kK]|D_K|head_?dim|headDim|head_?size|headSize|dim_?head|dimHead|d_?head|key_?dim|keyDim)`;

export const ATTENTION_CONCEPTS: Concept[] = [
  {
    id: 'scaled-dot-product-attention',
    title: 'Scaled dot-product attention',
    section: '§3.2.1',
    explanation:
      'Each query is compared with every key by a dot product; the products are divided by √d_k, and a softmax over the keys turns each row into weights that sum to 1. ' +
      'The output for a query is the weighted sum of the values. The paper prefers dot products to additive attention because they run as highly optimised matrix multiplications. ' +
      'In the weight matrix, row i is the query token (the one that attends) and column j the key token (the one attended to).',
    equation: 'Attention(Q, K, V) = softmax(QKᵀ / √d_k) V',
    shapes: [
      '`Q`: n_q × d_k, `K`: n_k × d_k, `V`: n_k × d_v',
      '`QKᵀ` and the weights: n_q × n_k (rows = queries, columns = keys)',
      'output: n_q × d_v; base model: d_k = d_v = 64 in each of the h = 8 heads',
    ],
    inCode:
      'PyTorch: `F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False)` on `[batch, heads, n, d_k]` tensors. ' +
      'Its boolean `attn_mask` marks pairs that **may** attend (True = keep), the opposite of `nn.MultiheadAttention`.',
    view: { tab: 'heatmap', kind: 'encoderSelf' },
    terms: [
      { words: 'scaled dot product attention|attn' },
      { words: 'dot product attention|attn' },
      { words: 'additive attention|attn' },
      { words: 'sdpa' },
      { words: 'attention|attn score|scores|weight|weights|probs|prob|probabilities|map|maps|matrix' },
      { words: 'attn output weights' },
      // QKᵀ, Q Kᵀ, QK^T, QK^\top, q @ k.transpose(-2, -1), q @ k.T
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}[Qq][ \t]?(?:[@*·][ \t]?)?[Kk](?:\^(?:\{(?:T|\\top|⊤)\}|T|\\top|⊤)|ᵀ|⊤|\.T${NOT_WORD_AFTER}|\.t\(\)|\.transpose${NOT_WORD_AFTER}|\.mT${NOT_WORD_AFTER})`, 'u'), anchors: ['^', 'ᵀ', '⊤', '.t', '.mt'] },
      // torch.matmul(q, k.transpose(...)), tf.matmul(q, k, transpose_b=True)
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}matmul\([ \t]?[Qq][ \t]?,[ \t]?[Kk](?:\.(?:T|t\(\)|transpose|mT)${NOT_WORD_AFTER}|[ \t]?,[ \t]?transpose_b[ \t]?=[ \t]?True)`, 'u'), anchors: ['matmul'] },
      // Attention(Q, K, V), \text{Attention}(Q,K,V)
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}Attention\}?[ \t]?\([ \t]?Q[ \t]?,[ \t]?K[ \t]?,[ \t]?V[ \t]?\)`, 'u'), anchors: ['attention'] },
    ],
  },
  {
    id: 'attention-scaling',
    title: 'The 1/√d_k scaling',
    section: '§3.2.1, footnote 4',
    explanation:
      'If the components of a query q and a key k are independent with mean 0 and variance 1, their dot product q·k has mean 0 and variance d_k. ' +
      'For large d_k the products grow large and push the softmax into regions where its gradients are extremely small; the paper observed that additive attention beat unscaled dot-product attention for larger d_k. ' +
      'Dividing the scores by √d_k brings their variance back to 1.',
    equation: 'scores = QKᵀ / √d_k        Var(q·k) = d_k  →  Var(q·k / √d_k) = 1',
    shapes: ['scores: n_q × n_k per head', 'base model: d_k = 64, so every score is divided by √64 = 8'],
    inCode: 'Often written `scores / math.sqrt(d_k)` or `scale = head_dim ** -0.5`; `F.scaled_dot_product_attention` applies it unless given another `scale`.',
    view: { tab: 'heatmap', kind: 'encoderSelf' },
    terms: [
      // sqrt(d_k), math.sqrt(self.d_k), \sqrt{d_k}, √d_k, √(d_k)
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}(?:(?:math\.|np\.|torch\.|Math\.|tf\.math\.)?(?:sqrt|\\sqrt)[ \t]?[({][ \t]?(?:float\([ \t]?${DK}[ \t]?\)|${DK})[ \t]?[)}]|√[ \t]?(?:\(${DK}\)|${DK}))`, 'u'), anchors: ['sqrt', '√'] },
      // d_k ** -0.5, head_dim ** -0.5, Math.pow(headDim, -0.5)
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}(?:${DK}[ \t]?\*\*[ \t]?\(?[ \t]?-?[ \t]?0?\.5\)?|Math\.pow\([ \t]?${DK}[ \t]?,[ \t]?-?0?\.5[ \t]?\))`, 'u'), anchors: ['**', 'pow'] },
      { words: 'scaling factor' },
      { words: 'attention|attn scale|scaling' },
    ],
  },
  {
    id: 'softmax',
    title: 'Softmax',
    section: '§3.2.1 and §3.4',
    explanation:
      'Softmax turns a row of scores into positive weights that sum to 1. In attention it runs over the keys, once per query (each row of the weight matrix), ' +
      'so a masked score of −∞ gets a weight of exactly 0. At the top of the decoder, a linear layer and a softmax turn each position\'s output into next-token probabilities (§3.4).',
    equation: 'softmax(x)_j = exp(x_j) / Σ_k exp(x_k)',
    shapes: [
      'in attention: along the last axis (keys) of the n_q × n_k scores, e.g. `softmax(scores, dim=-1)`',
      'at the output: over the vocabulary (about 37 000 BPE tokens for EN-DE in the paper)',
    ],
    view: { tab: 'heatmap', kind: 'encoderSelf' },
    terms: [{ words: 'soft max' }],
  },
  {
    id: 'query-key-value',
    title: 'Queries, keys and values (Q, K, V)',
    section: '§3.2 and §3.2.2',
    explanation:
      'Attention maps a query and a set of key–value pairs to an output: a weighted sum of the values, where each weight comes from the compatibility (here the scaled dot product) of the query with the corresponding key. ' +
      'In the model, Q, K and V are learned linear projections of token representations, separate for each head: in self-attention all three come from the same sequence; in encoder-decoder attention Q comes from the decoder and K, V from the encoder output.',
    equation: 'Q = X W^Q,   K = X W^K,   V = X W^V\nW_i^Q, W_i^K ∈ ℝ^(d_model × d_k),   W_i^V ∈ ℝ^(d_model × d_v)',
    shapes: [
      '`X`: n × d_model → per head `Q`, `K`: n × d_k and `V`: n × d_v',
      'base model: 512 → 64 in each of 8 heads',
    ],
    inCode:
      'Names: `q_proj`/`k_proj`/`v_proj`, `to_qkv`, GPT-2\'s `c_attn`; `nn.MultiheadAttention` packs W^Q, W^K, W^V into one `in_proj_weight` of shape (3·d_model, d_model). ' +
      'The bare words `query`, `key`, `value` do not show this hover: they mean other things in most code.',
    view: { tab: 'heatmap', kind: 'encoderSelf' },
    terms: [
      { words: 'qkv' },
      { words: 'q|k|v proj|projection|linear' },
      { words: 'query|key|value proj|projection|linear|states' },
      { words: 'to q|k|v' },
      { words: 'in proj weight|bias' },
      { words: 'c attn' },
      { words: 'w q|k|v' },
      { words: 'query|queries|key|keys|value|values vector|matrix|matrices' },
      { words: 'key value pair' },
      // Q, K, V / Q, K and V / q, k, v
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}(?:Q[ \t]?,[ \t]?K(?:[ \t]?,[ \t]?(?:and[ \t])?|[ \t]and[ \t])V|q[ \t]?,[ \t]?k[ \t]?,[ \t]?v)${NOT_WORD_AFTER}`, 'u'), anchors: [','] },
      // queries, keys and values / query/key/value
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}[Qq]uer(?:y|ies)[ \t]?[,/][ \t]?[Kk]eys?(?:[ \t]?[,/][ \t]?(?:and[ \t])?|[ \t]and[ \t])[Vv]alues?${NOT_WORD_AFTER}`, 'u'), anchors: ['quer'] },
      // W^Q, W_i^K, W^{V}
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}W_?(?:\{i\}|i)?\^(?:\{[QKV]\}|[QKV])`, 'u'), anchors: ['^'] },
    ],
  },
  {
    id: 'multi-head-attention',
    title: 'Multi-head attention',
    section: '§3.2.2',
    explanation:
      'Instead of one attention over d_model-wide vectors, the model projects the queries, keys and values h times with different learned matrices (to d_k, d_k and d_v dimensions), ' +
      'runs scaled dot-product attention on each projection in parallel, concatenates the h outputs and projects them back with W^O. ' +
      'Each head can attend to information from a different representation subspace at a different position; with a single head, averaging inhibits this. ' +
      'Because each head is d_model/h wide, the total cost is similar to one full-width head.',
    equation: 'MultiHead(Q, K, V) = Concat(head_1, …, head_h) W^O\nhead_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)',
    shapes: [
      '`W_i^Q`, `W_i^K`: d_model × d_k; `W_i^V`: d_model × d_v; `W^O`: h·d_v × d_model',
      'base model: h = 8, d_k = d_v = 512 / 8 = 64, `W^O` is 512 × 512',
      'weights of one layer: h × n_q × n_k',
    ],
    inCode:
      '`nn.MultiheadAttention(embed_dim=d_model, num_heads=h)` returns the weights averaged over heads unless `average_attn_weights=False` ([batch, heads, n_q, n_k]); ' +
      'inputs are (n, batch, d_model) unless `batch_first=True`.',
    view: { tab: 'overview' },
    terms: [
      { words: 'multi head|headed attention|attn' },
      { words: 'multi head|headed' },
      { words: 'mha' },
      { words: 'average attn weights' },
      { words: 'need weights' },
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}W_?(?:\{i\}|i)?\^(?:\{O\}|O)`, 'u'), anchors: ['^'] },
    ],
  },
  {
    id: 'attention-heads',
    title: 'Attention heads (h)',
    section: '§3.2.2, Table 3 row (A)',
    explanation:
      'The number of parallel attention heads: h = 8 in the base model, 16 in the big one. Each head has its own projections and attends with d_k = d_v = d_model/h dimensions, ' +
      'so more heads means narrower heads at the same cost. In Table 3, single-head attention is 0.9 BLEU worse than the best setting, and quality also drops off with too many heads.',
    equation: 'head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V),   i = 1 … h\nd_k = d_v = d_model / h',
    shapes: ['weights of one attention layer: h × n_q × n_k', 'base model: 8 heads of 64 dimensions (512 / 8); big model: 16 heads of 64 (1024 / 16)'],
    inCode: 'PyTorch: `nhead` (`nn.Transformer`), `num_heads` (`nn.MultiheadAttention`, which requires `embed_dim % num_heads == 0`); Hugging Face: `num_attention_heads`; nanoGPT: `n_head`.',
    view: { tab: 'overview' },
    terms: [
      { words: 'num|n head|heads' },
      { words: 'number of heads|head' },
      { words: 'num|n attention|attn heads|head' },
      { words: 'attention|attn head|heads' },
    ],
  },
  {
    id: 'self-attention',
    title: 'Self-attention',
    section: '§3.2.3 and §4',
    explanation:
      'Queries, keys and values all come from the same sequence, the output of the previous layer, so every position can attend to every position of that layer (in the encoder). ' +
      '§4 argues for it: a constant number of sequential operations and a constant path length between any two positions, at O(n²·d) cost per layer, cheaper than a recurrent layer\'s O(n·d²) when n < d.',
    equation: 'SelfAttention(X) = MultiHead(X, X, X)\nper head: softmax((X W^Q)(X W^K)ᵀ / √d_k)(X W^V)',
    shapes: ['`X`: n × d_model; weights: n × n per head', 'base model: 8 heads × n × n in each of the 6 encoder layers'],
    view: { tab: 'arcs', kind: 'encoderSelf' },
    terms: [{ words: 'self attention|attn' }, { words: 'intra attention' }, { words: 'encoder|enc self attention|attn' }],
  },
  {
    id: 'decoder-self-attention',
    title: 'Masked (decoder) self-attention',
    section: '§3.1 and §3.2.3',
    explanation:
      'In the decoder, self-attention lets each position attend to all positions up to and including itself. Leftward information flow is prevented to keep the model auto-regressive: ' +
      'the scores of later positions are set to −∞ before the softmax, so their weights are exactly 0. With the target shifted right by one position, the prediction for position i depends only on the known outputs before i. ' +
      'Decoder-only models (GPT) keep only this attention.',
    equation: 'softmax(QKᵀ / √d_k + M) V,   M_ij = 0 if j ≤ i,  −∞ if j > i',
    shapes: ['weights: n_tgt × n_tgt per head, lower-triangular', 'queries and keys are both the decoder\'s (target) tokens'],
    inCode: 'PyTorch: `TransformerDecoderLayer.self_attn` with `tgt_mask=nn.Transformer.generate_square_subsequent_mask(n)` or `tgt_is_causal=True`; nanoGPT: `CausalSelfAttention`.',
    view: { tab: 'heatmap', kind: 'decoderSelf' },
    terms: [
      { words: 'masked self attention|attn' },
      { words: 'masked multi head|headed attention|attn' },
      { words: 'masked multi head|headed self attention|attn' },
      { words: 'decoder|dec self attention|attn' },
      { words: 'causal self attention|attn' },
      { words: 'causal attention|attn' },
    ],
  },
  {
    id: 'cross-attention',
    title: 'Encoder-decoder (cross) attention',
    section: '§3.2.3',
    explanation:
      'The decoder\'s middle sub-layer: the queries come from the previous decoder layer, the keys and values from the output of the encoder (PyTorch calls it `memory`). ' +
      'Every decoder position can attend over all positions of the input, as in the encoder-decoder attention of earlier sequence-to-sequence models. ' +
      'Rows of its weights are target (decoder) tokens, columns are source (encoder) tokens.',
    equation: 'CrossAttention(Y, Z) = MultiHead(Q = Y, K = Z, V = Z)\nY: decoder states, Z: encoder output',
    shapes: ['`Y`: n_tgt × d_model, `Z`: n_src × d_model', 'weights: n_tgt × n_src per head (rows = target, columns = source)'],
    inCode: 'PyTorch: `TransformerDecoderLayer.multihead_attn(tgt, memory, memory)`, masked by `memory_mask` and `memory_key_padding_mask`.',
    view: { tab: 'heatmap', kind: 'cross' },
    terms: [
      { words: 'encoder|enc decoder|dec attention|attn' },
      { words: 'cross attention|attn' },
      { words: 'source|src attention|attn' },
    ],
  },
];
