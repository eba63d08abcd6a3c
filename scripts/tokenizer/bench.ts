/**
 * `npm run bench:tokenizer`: how long encoding 100 KB of code takes in Node.
 *
 * The text is held-out corpus code (TS, JS and Python files the tokenizer never saw). Each run
 * builds a fresh Tokenizer, so the piece cache starts empty ("cold", what a first selection costs);
 * "warm" re-encodes with a filled cache. Prints the median and the range of 15 runs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { fetchCorpus, listCorpus } from '../train/corpus';
import { Tokenizer } from '../../src/model/tokenizer/tokenizer';

const SIZE = 100 * 1024;
const RUNS = 15;
const repo = path.resolve(__dirname, '../..');
const json = fs.readFileSync(path.join(repo, 'media/model/tokenizer.json'), 'utf8');
fetchCorpus(path.join(repo, '.cache/corpus'));
let text = '';
for (const f of listCorpus(path.join(repo, '.cache/corpus')).filter((f) => f.split === 'test')) {
  if (text.length >= SIZE) break;
  text += f.text;
}
text = text.slice(0, SIZE);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold: number[] = [];
const warm: number[] = [];
const load: number[] = [];
let tokens = 0;
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  const tok = Tokenizer.fromJSON(json);
  const t1 = performance.now();
  tokens = tok.encode(text).length;
  const t2 = performance.now();
  tok.encode(text);
  const t3 = performance.now();
  load.push(t1 - t0);
  cold.push(t2 - t1);
  warm.push(t3 - t2);
}
const fmt = (xs: number[]): string => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
console.log(`encode ${(SIZE / 1024).toFixed(0)} KB of held-out code -> ${tokens} tokens (${(text.length / tokens).toFixed(2)} chars/token), ${RUNS} runs, Node ${process.version}`);
console.log(`  load tokenizer.json : ${fmt(load)}`);
console.log(`  encode, cold cache  : ${fmt(cold)}  = ${(SIZE / 1024 / (median(cold) / 1000) / 1024).toFixed(1)} MB/s`);
console.log(`  encode, warm cache  : ${fmt(warm)}`);
