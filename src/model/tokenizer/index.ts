/** The code-aware byte-level BPE tokenizer of the shipped model (see tokenizer.ts). */
export { Tokenizer, type Token } from './tokenizer';
export { type TokenizerJSON, TOKENIZER_FORMAT, tokenizerVersion, toTokenizerJSON } from './tokenizer-json';
export { SPECIAL_TOKENS, PAD_ID, BOS_ID, EOS_ID, MASK_ID, BYTE_OFFSET, FIRST_MERGE_ID } from './special-tokens';
export { pretokenize, pretokenizePieces, PRETOKENIZER_ID, MAX_PIECE_LENGTH } from './pretokenize';
export { trainBpe } from './bpe-trainer';
