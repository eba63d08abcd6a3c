import * as fs from 'fs';
import * as path from 'path';
import { Tokenizer } from '../../../src/model/tokenizer';

/** Path of the shipped tokenizer, from out/test/unit/tokenizer (compiled) or test/unit/tokenizer. */
export const SHIPPED_TOKENIZER_PATH = path.resolve(__dirname, '../../../', __dirname.includes(`${path.sep}out${path.sep}`) ? '..' : '.', 'media/model/tokenizer.json');

let cached: Tokenizer | undefined;

/** The tokenizer the extension ships (media/model/tokenizer.json), loaded once. */
export function shippedTokenizer(): Tokenizer {
  cached ??= Tokenizer.fromJSON(fs.readFileSync(SHIPPED_TOKENIZER_PATH, 'utf8'));
  return cached;
}
