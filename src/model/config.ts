/**
 * Hyperparameters of the Transformer (paper, section 3 and Table 3), named as in the paper,
 * plus the choices real implementations differ on.
 *
 * This is the shared contract: it is stored as JSON in a checkpoint's `__metadata__.config`,
 * read by the forward pass, the accounting, the training script and the extension.
 */
export interface TransformerConfig {
  /** Layers in each stack (encoder and decoder). */
  N: number;
  /** Width of every sub-layer output and embedding. */
  dModel: number;
  /** Inner width of the position-wise feed-forward network. */
  dFF: number;
  /** Number of attention heads. */
  h: number;
  /** Query/key width of one head (the paper uses dModel / h). */
  dK: number;
  /** Value width of one head (the paper uses dModel / h). */
  dV: number;
  /** Tokens in the (shared) vocabulary. */
  vocabSize: number;
  /** Longest sequence the model accepts (rows of the positional-encoding table). */
  maxLength: number;
  /** 'post': LayerNorm(x + Sublayer(x)) as in the paper; 'pre': x + Sublayer(LayerNorm(x)). */
  norm: 'post' | 'pre';
  /** A LayerNorm after each stack (torch.nn.Transformer has one; the paper does not mention it). */
  finalNorm: boolean;
  /** Source embedding, target embedding and pre-softmax projection share one matrix (paper 3.4). */
  sharedEmbeddings: boolean;
  /** LayerNorm epsilon (torch default 1e-5). */
  layerNormEps: number;
  /** Dropout rate used in training (P_drop); inference ignores it. */
  pDrop: number;
}

/** The paper's base model (Table 3, row "base"). */
export const BASE: Readonly<TransformerConfig> = Object.freeze({
  N: 6, dModel: 512, dFF: 2048, h: 8, dK: 64, dV: 64,
  vocabSize: 37000, maxLength: 1024,
  norm: 'post', finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0.1,
});

/** The paper's big model (Table 3, row "big"). */
export const BIG: Readonly<TransformerConfig> = Object.freeze({
  N: 6, dModel: 1024, dFF: 4096, h: 16, dK: 64, dV: 64,
  vocabSize: 37000, maxLength: 1024,
  norm: 'post', finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0.3,
});

/**
 * The small code model the extension ships (media/model/): the paper's architecture at a size that
 * runs fast everywhere and fits in 4 MB as F16.
 */
export const SHIPPED: Readonly<TransformerConfig> = Object.freeze({
  N: 3, dModel: 128, dFF: 512, h: 4, dK: 32, dV: 32,
  vocabSize: 4096, maxLength: 512,
  norm: 'post', finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0.1,
});
