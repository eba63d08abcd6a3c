/**
 * The reserved ids at the start of the vocabulary. They never come out of `encode` (text that
 * looks like `<s>` is encoded as ordinary bytes); the training script and the forward pass insert
 * them.
 */
export const SPECIAL_TOKENS = ['<pad>', '<s>', '</s>', '<mask>'] as const;

/** Padding: fills short sequences in a batch; masked out of attention and of the loss. */
export const PAD_ID = 0;
/** Start of sequence (BOS): the first decoder input, `<s>` + source shifted right. */
export const BOS_ID = 1;
/** End of sequence (EOS): the decoder's last target. */
export const EOS_ID = 2;
/** Stands for a span of tokens removed by the denoising objective (encoder input only). */
export const MASK_ID = 3;

/** Id of byte value `b` (0..255) is `BYTE_OFFSET + b`: the 256 byte tokens follow the specials. */
export const BYTE_OFFSET = SPECIAL_TOKENS.length;

/** First id learned by BPE: merged tokens start after the specials and the byte tokens. */
export const FIRST_MERGE_ID = BYTE_OFFSET + 256;
