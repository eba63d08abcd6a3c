/**
 * For a warm start from an earlier model with another tokenizer (`train.py --init-from`): how each
 * id of the shipped tokenizer is spelt in the earlier tokenizer's ids. The bytes of every new id are
 * encoded with the earlier merges alone (no pre-tokenizer: a token's bytes are one piece), so an id
 * both vocabularies share maps to itself, and a new merge maps to the old tokens it joins.
 *
 *     node .train/bin/vocab-map.js <earlier tokenizer.json> > map.json   # [[old ids of new id 0], ...]
 */
import * as fs from 'fs';
import * as path from 'path';
import { BytePairEncoding } from '../../src/model/tokenizer/bpe';
import { BYTE_OFFSET } from '../../src/model/tokenizer/special-tokens';
import { Tokenizer } from '../../src/model/tokenizer/tokenizer';

const repo = path.resolve(__dirname, '../..');
const shipped = Tokenizer.fromJSON(fs.readFileSync(path.join(repo, 'media/model/tokenizer.json'), 'utf8'));
const earlierJson = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as { merges: [number, number][] };
Tokenizer.fromJSON(earlierJson); // validates it
const earlier = new BytePairEncoding(earlierJson.merges);
const map = Array.from({ length: shipped.vocabSize }, (_, id) => (id < BYTE_OFFSET ? [id] : earlier.encodeBytes(shipped.idToBytes(id))));
process.stdout.write(JSON.stringify(map));
