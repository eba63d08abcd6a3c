/**
 * Learns the shipped tokenizer: `npm run tokenizer:train` writes media/model/tokenizer.json.
 *
 * Deterministic: the corpus is pinned (scripts/train/corpus.ts), files are read in a stable order,
 * only the TRAIN split is counted, and trainBpe breaks ties by id. Running it twice gives the same
 * file, byte for byte.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fetchCorpus, listCorpus, SOURCES } from '../train/corpus';
import { trainBpe } from '../../src/model/tokenizer/bpe-trainer';
import { pretokenizePieces } from '../../src/model/tokenizer/pretokenize';
import { toTokenizerJSON } from '../../src/model/tokenizer/tokenizer-json';

const VOCAB_SIZE = 4096;
const repo = path.resolve(__dirname, '../..');
const cacheDir = path.join(repo, '.cache/corpus');
const outFile = path.join(repo, 'media/model/tokenizer.json');

fetchCorpus(cacheDir);
const files = listCorpus(cacheDir).filter((f) => f.split === 'train');
const t0 = Date.now();
const counts = new Map<string, number>();
let pieces = 0;
for (const f of files) {
  for (const p of pretokenizePieces(f.text)) {
    counts.set(p, (counts.get(p) ?? 0) + 1);
    pieces++;
  }
}
const merges = trainBpe(counts, VOCAB_SIZE);
const json = toTokenizerJSON(merges, {
  corpus: SOURCES.map((s) => `${s.origin} (${s.license})`),
  split: 'train files only',
  files: files.length,
  characters: files.reduce((n, f) => n + f.text.length, 0),
  pieces,
  distinctPieces: counts.size,
});
fs.mkdirSync(path.dirname(outFile), { recursive: true });
// One merge per line: readable diffs, and still plain JSON.
const text = JSON.stringify(json, null, 1).replace(/\[\n\s+(\d+),\n\s+(\d+)\n\s+\]/g, '[$1, $2]');
fs.writeFileSync(outFile, text + '\n');
console.log(`${json.version}: ${merges.length} merges from ${files.length} files, ${counts.size} distinct pieces, ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${path.relative(repo, outFile)}`);
