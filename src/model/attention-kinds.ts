/**
 * The Transformer's three attentions (paper 3.2.3): encoder self-attention, masked decoder
 * self-attention, and encoder-decoder attention (queries from the decoder, keys from the encoder).
 */
export const ATTENTION_KINDS = ['encoderSelf', 'decoderSelf', 'cross'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];
