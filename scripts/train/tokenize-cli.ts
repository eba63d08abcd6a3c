/**
 * Lets the Python evaluation check that a snippet's ids are exactly what the shipped TypeScript
 * tokenizer produces: reads a JSON array of strings on stdin, writes a JSON array of id arrays.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tokenizer } from '../../src/model/tokenizer/tokenizer';

const repo = path.resolve(__dirname, '../..');
const tok = Tokenizer.fromJSON(fs.readFileSync(path.join(repo, 'media/model/tokenizer.json'), 'utf8'));
const texts = JSON.parse(fs.readFileSync(0, 'utf8')) as string[];
process.stdout.write(JSON.stringify({ version: tok.version, ids: texts.map((t) => tok.encodeIds(t)) }));
