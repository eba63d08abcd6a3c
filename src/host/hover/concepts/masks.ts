/**
 * Masks (paper, §3.1 and §3.2.3; padding masks are an implementation detail the paper does not
 * discuss). Each library spells the convention differently, which is the usual source of bugs, so
 * every entry says which value means "masked".
 */
import type { Concept } from '../concept';

export const MASK_CONCEPTS: Concept[] = [
  {
    id: 'attention-mask',
    title: 'Attention mask',
    section: '§3.2.3, Figure 2 ("Mask (opt.)")',
    explanation:
      'A mask marks the query–key pairs that must not attend: their scores are set to −∞ before the softmax, so their weights are exactly 0 and the rest of each row still sums to 1. ' +
      'The paper uses it for the decoder\'s causal mask; implementations use the same mechanism for padding. ' +
      'Conventions differ: in `nn.MultiheadAttention`/`nn.Transformer` a boolean True means **not allowed** (a float mask is added to the scores); ' +
      'in `F.scaled_dot_product_attention` True means **allowed**; a Hugging Face `attention_mask` has 1 for real tokens and 0 for padding.',
    equation: 'softmax(QKᵀ / √d_k + M) V\nM_ij = 0 (may attend)  or  −∞ (masked)',
    shapes: ['`attn_mask`: n_q × n_k, or (batch·h) × n_q × n_k', '`key_padding_mask`: batch × n_k'],
    inCode: 'PyTorch: `attn_mask`, `src_mask`, `tgt_mask`, `memory_mask`.',
    view: { tab: 'masks' },
    terms: [{ words: 'attention|attn mask|masking' }, { words: 'src|source|memory mask' }],
  },
  {
    id: 'causal-mask',
    title: 'Causal (subsequent) mask',
    section: '§3.1 and §3.2.3',
    explanation:
      'In the decoder\'s self-attention, position i may attend only to positions j ≤ i: the scores of later positions are set to −∞ before the softmax. ' +
      'Together with the output embeddings being offset by one position, this makes the prediction for position i depend only on the known outputs before i, so the decoder can be trained on whole sequences at once and still generate one token at a time. ' +
      'It is not a padding mask: it depends only on positions, never on the tokens.',
    equation: 'M_ij = 0 if j ≤ i,   −∞ if j > i\nweights = softmax(QKᵀ / √d_k + M)',
    shapes: ['n_tgt × n_tgt, upper triangle masked: n(n − 1)/2 masked pairs', 'the same for every head, layer and batch item'],
    inCode:
      'PyTorch: `nn.Transformer.generate_square_subsequent_mask(n)` (float, −inf above the diagonal) passed as `tgt_mask`, or `is_causal=True`; ' +
      'the Annotated Transformer calls it `subsequent_mask`, the TensorFlow tutorial a look-ahead mask.',
    view: { tab: 'masks', kind: 'decoderSelf' },
    terms: [
      { words: 'causal mask|masking' },
      { words: 'is causal' },
      { words: 'tgt|src|memory is causal' },
      { words: 'subsequent mask|masks' },
      { words: 'square subsequent mask' },
      { words: 'look ahead mask' },
      { words: 'lookahead mask' },
      { words: 'future mask' },
      { words: 'no peek mask' },
      { words: 'triangular mask' },
      { words: 'tgt|target mask' },
    ],
  },
  {
    id: 'padding-mask',
    title: 'Padding mask',
    section: '§3.2.3 (its mechanism; the paper does not discuss padding)',
    explanation:
      'Batches pad shorter sequences with a padding token. The paper does not discuss padding; implementations mask the padded **key** positions in every attention (encoder self, decoder self and cross) the same way as the causal mask: −∞ before the softmax, so no real token attends to padding. ' +
      'Rows of padded queries are computed but ignored.',
    equation: 'M_ij = −∞ if key j is padding, else 0   (for every query i)',
    shapes: ['batch × n_k (broadcast over heads and queries)'],
    inCode:
      'PyTorch: `src_key_padding_mask`, `tgt_key_padding_mask`, `memory_key_padding_mask`, True = padding (ignored). ' +
      'In eval mode, `nn.TransformerEncoder` may take a nested-tensor fast path that drops padded positions from its output (`enable_nested_tensor=False` keeps them).',
    view: { tab: 'masks' },
    terms: [
      { words: 'padding|pad mask|masks|masking' },
      { words: 'key padding mask' },
      { words: 'src|tgt|memory key padding mask' },
    ],
  },
];
