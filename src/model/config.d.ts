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
export declare const BASE: Readonly<TransformerConfig>;
/** The paper's big model (Table 3, row "big"). */
export declare const BIG: Readonly<TransformerConfig>;
/**
 * The small code model the extension ships (media/model/): the paper's architecture at a size that
 * runs fast everywhere and fits in 4 MB as F16.
 */
export declare const SHIPPED: Readonly<TransformerConfig>;
/** Thrown when a configuration or an input does not fit the model; lists every problem found. */
export declare class ConfigError extends Error {
    /** One sentence per problem, each naming the field and the fix. */
    readonly problems: readonly string[];
    constructor(problems: string[]);
}
/**
 * Everything wrong with a configuration, as sentences that name the field and the fix; empty when it
 * is valid. The forward pass follows the `torch.nn.Transformer` layout, which packs Q, K and V of all
 * heads into one `in_proj_weight`, so it needs `dK = dV = dModel / h` (the paper's choice too).
 */
export declare function configProblems(c: TransformerConfig): string[];
/** Throws a {@link ConfigError} listing every problem of {@link configProblems}; returns when the configuration is valid. */
export declare function validateConfig(c: TransformerConfig): void;
/** Problems with running `nSrc` source and `nTgt` target tokens through a model of this configuration. */
export declare function lengthProblems(c: TransformerConfig, nSrc: number, nTgt: number): string[];
/** Throws a {@link ConfigError} when {@link lengthProblems} finds any. */
export declare function validateLengths(c: TransformerConfig, nSrc: number, nTgt: number): void;
