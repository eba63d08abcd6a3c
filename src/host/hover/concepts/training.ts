/** How the paper trained the model (§5): byte-pair encoding, the warm-up schedule, label smoothing. */
import type { Concept } from '../concept';
import { NOT_WORD_BEFORE } from './notation';

export const TRAINING_CONCEPTS: Concept[] = [
  {
    id: 'byte-pair-encoding',
    title: 'Byte-pair encoding (BPE)',
    section: '§5.1',
    explanation:
      'The paper encodes sentences with byte-pair encoding: a shared source–target vocabulary of about 37 000 tokens for WMT 2014 English-German, and a 32 000 word-piece vocabulary for English-French. ' +
      'BPE starts from single characters (or bytes) and repeatedly merges the most frequent adjacent pair into a new token, so frequent words become one token and rare words split into pieces. ' +
      'Training batches held about 25 000 source and 25 000 target tokens. This extension\'s model uses its own byte-level BPE trained on code (the panel\'s Tokens tab shows how it split your text).',
    equation: 'repeat: (a, b) ← most frequent adjacent pair\n        replace every "a b" with the new token "ab"',
    shapes: ['vocabulary: about 37 000 (EN-DE), 32 000 (EN-FR)', 'each token id selects one row of the vocabulary × d_model embedding'],
    view: { tab: 'tokens' },
    terms: [{ words: 'bpe' }, { words: 'byte pair encoding|encodings|encoder|tokenizer|tokeniser' }, { words: 'word piece|pieces' }],
  },
  {
    id: 'warmup-schedule',
    title: 'Learning-rate warm-up schedule',
    section: '§5.3',
    explanation:
      'The paper trains with Adam (β1 = 0.9, β2 = 0.98, ε = 10⁻⁹) and a learning rate that increases linearly for the first warmup_steps training steps and then decreases proportionally to the inverse square root of the step number. ' +
      'warmup_steps = 4000. The peak, reached at step warmup_steps, is d_model^−0.5 · warmup_steps^−0.5.',
    equation: 'lrate = d_model^−0.5 · min(step_num^−0.5, step_num · warmup_steps^−1.5)',
    shapes: ['base model (d_model = 512, warmup_steps = 4000): peak ≈ 7.0 × 10⁻⁴ at step 4000, half of it at step 16 000'],
    inCode: '`NoamOpt` in the Annotated Transformer; `inverse_sqrt` in fairseq; Hugging Face `get_inverse_sqrt_schedule`.',
    terms: [
      { words: 'warm up steps|step|schedule|scheduler|iters|iterations|updates|ratio|lr' },
      { words: 'learning rate warm up' },
      { words: 'noam' },
      { words: 'lrate' },
      { words: 'inverse sqrt' },
      { words: 'inverse square root' },
      // step_num ** -0.5, step^{-0.5}
      { pattern: new RegExp(String.raw`${NOT_WORD_BEFORE}(?:step|step_num|stepNum|step_number)[ \t]?(?:\*\*|\^)[ \t]?\{?\(?[ \t]?-[ \t]?0?\.5`, 'u'), anchors: ['step'] },
    ],
  },
  {
    id: 'label-smoothing',
    title: 'Label smoothing',
    section: '§5.4',
    explanation:
      'During training the one-hot targets are softened: the correct token gets 1 − ε_ls and the remaining ε_ls is spread uniformly over the vocabulary, with ε_ls = 0.1. ' +
      'This hurts perplexity, as the model learns to be more unsure, but improves accuracy and BLEU.',
    equation: "q'(k) = (1 − ε_ls) · δ(k = y) + ε_ls / K      (K = vocabulary size, ε_ls = 0.1)",
    shapes: ['targets: n_tgt × vocabulary (about 37 000 in the paper)'],
    inCode: '`nn.CrossEntropyLoss(label_smoothing=0.1)` in PyTorch; `LabelSmoothing` (a KL-divergence loss) in the Annotated Transformer.',
    terms: [{ words: 'label smoothing|smooth|smoothed' }, { words: 'eps|epsilon ls' }],
  },
];
