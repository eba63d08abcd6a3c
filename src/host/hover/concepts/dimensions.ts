/** The model's widths (paper, §3.1–§3.3 and Table 3): d_model, d_k, d_v and d_ff. */
import type { Concept } from '../concept';

export const DIMENSION_CONCEPTS: Concept[] = [
  {
    id: 'd-model',
    title: 'd_model, the model width',
    section: '§3.1 and §3.4',
    explanation:
      'The width of every sub-layer output and of the embeddings, so that residual connections can add them: d_model = 512 in the base model, 1024 in the big one. ' +
      'Each head works in d_k = d_model/h dimensions, the feed-forward network widens to d_ff in between, and the embedding weights are multiplied by √d_model (§3.4).',
    equation: 'x ∈ ℝ^(n × d_model)\nLayerNorm(x + Sublayer(x)) ∈ ℝ^(n × d_model)',
    shapes: ['token representations: n × d_model', 'base model: 512; big model: 1024'],
    inCode: '`d_model` in `nn.Transformer`, `embed_dim` in `nn.MultiheadAttention`, `n_embd` in GPT-2/nanoGPT, `d_model` and `dff` in the TensorFlow tutorial.',
    view: { tab: 'model' },
    terms: [{ words: 'd model' }, { words: 'model dim|dimension|width' }, { words: 'embed dim' }, { words: 'n embd' }],
  },
  {
    id: 'd-k',
    title: 'd_k, the query/key width of a head',
    section: '§3.2.1, §3.2.2, Table 3 row (B)',
    explanation:
      'Each head projects queries and keys to d_k dimensions; the paper uses d_k = d_v = d_model/h = 64. The dot products of queries and keys are divided by √d_k. ' +
      'In Table 3, reducing d_k hurts model quality, which suggests that judging compatibility is not easy.',
    equation: 'd_k = d_model / h = 512 / 8 = 64\nsoftmax(QKᵀ / √d_k) V',
    shapes: ['per head: `Q`, `K` are n × d_k', 'base and big models: d_k = 64'],
    inCode: 'Often `head_dim`, `d_head`, `head_size` (nanoGPT), `key_dim` (Keras `MultiHeadAttention`).',
    view: { tab: 'model' },
    terms: [{ words: 'd k' }, { words: 'head dim|size' }, { words: 'd head' }, { words: 'dim head' }, { words: 'key dim' }],
  },
  {
    id: 'd-v',
    title: 'd_v, the value width of a head',
    section: '§3.2.2',
    explanation:
      'Each head projects the values to d_v dimensions, so each head\'s output is d_v wide; the h outputs are concatenated (h·d_v) and projected back to d_model by W^O. ' +
      'The paper uses d_v = d_k = d_model/h = 64.',
    equation: 'head_i ∈ ℝ^(n × d_v)\nConcat(head_1, …, head_h) W^O,   W^O ∈ ℝ^(h·d_v × d_model)',
    shapes: ['per head: `V` is n_k × d_v, the output n_q × d_v', 'base model: d_v = 64, h·d_v = 512'],
    inCode: 'Keras: `value_dim` (defaults to `key_dim`).',
    view: { tab: 'model' },
    terms: [{ words: 'd v' }, { words: 'value dim' }],
  },
  {
    id: 'd-ff',
    title: 'd_ff, the feed-forward inner width',
    section: '§3.3',
    explanation:
      'The inner width of the position-wise feed-forward network: each position\'s d_model-vector is widened to d_ff, passed through a ReLU, and projected back. ' +
      'd_ff = 2048 in the base model (four times d_model), 4096 in the big one.',
    equation: 'FFN(x) = max(0, x W_1 + b_1) W_2 + b_2\nW_1 ∈ ℝ^(d_model × d_ff),   W_2 ∈ ℝ^(d_ff × d_model)',
    shapes: ['n × d_model → n × d_ff → n × d_model', 'base model: 512 → 2048 → 512'],
    inCode: '`dim_feedforward` in PyTorch (default 2048), `dff` in the TensorFlow tutorial, `intermediate_size` in Hugging Face, `n_inner` in GPT-2.',
    view: { tab: 'model' },
    terms: [
      { words: 'd ff' },
      { words: 'dim feedforward|ff' },
      { words: 'dim feed forward' },
      { words: 'ffn|ff dim|size' },
      { words: 'd inner' },
      { words: 'n inner' },
      { words: 'intermediate size' },
    ],
  },
];
