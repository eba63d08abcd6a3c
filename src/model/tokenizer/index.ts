/** The code-aware byte-level BPE tokenizer of the shipped model (see tokenizer.ts). */
export { Tokenizer, type Token } from './tokenizer';
export { type TokenizerJSON, TOKENIZER_FORMAT, tokenizerVersion, toTokenizerJSON } from './tokenizer-json';
export { SPECIAL_TOKENS, PAD_ID, BOS_ID, EOS_ID, MASK_ID, BYTE_OFFSET, FIRST_MERGE_ID } from './special-tokens';
export { pretokenize, pretokenizePieces, PRETOKENIZER_ID, MAX_PIECE_LENGTH } from './pretokenize';
export { trainBpe } from './bpe-trainer';
export { TokenizerError } from './errors';
export { readTokenizerJson, parseTokenizerJson, MAX_MERGES } from './tokenizer-validation';
export { MAX_VOCAB_SIZE, MAX_TOKEN_BYTES } from './bpe';
