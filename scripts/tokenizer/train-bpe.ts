/**
 * Learns the shipped tokenizer: `npm run tokenizer:train` writes media/model/tokenizer.json.
 *
 * Deterministic: the corpus is pinned (scripts/train/corpus.ts), files are read in a stable order,
 * only the TRAIN split is counted (never a held-out project), and trainBpe breaks ties by id.
 * Running it twice gives the same file, byte for byte.
 *
 * BPE merges are learned greedily, so the merges of a smaller vocabulary are a prefix of a larger
 * one's: the script learns the largest candidate once and prints characters per token on the
 * held-out projects for every candidate size (the model card's table), then writes VOCAB_SIZE.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fetchCorpus, listCorpus, SOURCES } from '../train/corpus';
import { trainBpe } from '../../src/model/tokenizer/bpe-trainer';
import { FIRST_MERGE_ID } from '../../src/model/tokenizer/special-tokens';
import { pretokenizePieces } from '../../src/model/tokenizer/pretokenize';
import { Tokenizer } from '../../src/model/tokenizer/tokenizer';
import { toTokenizerJSON } from '../../src/model/tokenizer/tokenizer-json';

const CANDIDATES = [4096, 8192, 16384];
// Chosen from the table this script prints: the smallest candidate closest to 3 characters per token on both languages.
const VOCAB_SIZE = 16384;
const repo = path.resolve(__dirname, '../..');
const cacheDir = path.join(repo, '.cache/corpus');
const outFile = path.join(repo, 'media/model/tokenizer.json');

fetchCorpus(cacheDir);
const corpus = listCorpus(cacheDir);
const files = corpus.filter((f) => f.split === 'train');
const t0 = Date.now();
const counts = new Map<string, number>();
let pieces = 0;
for (const f of files) {
  for (const p of pretokenizePieces(f.text)) {
    counts.set(p, (counts.get(p) ?? 0) + 1);
    pieces++;
  }
}
const largest = trainBpe(counts, Math.max(VOCAB_SIZE, ...CANDIDATES));
console.log(`${largest.length} merges learned from ${files.length} files (${counts.size} distinct pieces) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const heldOut = corpus.filter((f) => f.split === 'test');
for (const size of CANDIDATES) {
  const tok = Tokenizer.fromJSON(toTokenizerJSON(largest.slice(0, size - FIRST_MERGE_ID)));
  const row = (['python', 'ts/js'] as const).map((lang) => {
    const texts = heldOut.filter((f) => f.language === lang).map((f) => f.text);
    const chars = texts.reduce((n, t) => n + t.length, 0);
    const tokens = texts.reduce((n, t) => n + tok.encodeIds(t).length, 0);
    return `${lang} ${(chars / tokens).toFixed(2)}`;
  });
  console.log(`vocabulary ${size}: characters per token on the held-out projects: ${row.join(', ')}`);
}

const merges = largest.slice(0, VOCAB_SIZE - FIRST_MERGE_ID);
const json = toTokenizerJSON(merges, {
  corpus: SOURCES.filter((s) => !s.heldOut).map((s) => `${s.origin} (${s.license})`),
  split: 'train files of the training projects only (held-out projects never counted)',
  files: files.length,
  characters: files.reduce((n, f) => n + f.text.length, 0),
  pieces,
  distinctPieces: counts.size,
});
fs.mkdirSync(path.dirname(outFile), { recursive: true });
// One merge per line: readable diffs, and still plain JSON.
const text = JSON.stringify(json, null, 1).replace(/\[\n\s+(\d+),\n\s+(\d+)\n\s+\]/g, '[$1, $2]');
fs.writeFileSync(outFile, text + '\n');
console.log(`${json.version}: ${merges.length} merges -> ${path.relative(repo, outFile)}`);
