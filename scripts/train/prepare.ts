/**
 * Step 1 of `npm run train`: tokenizes the corpus with the shipped TypeScript tokenizer, so the
 * Python trainer and the extension see exactly the same ids.
 *
 * Writes to .train/data/:
 * - `{train,valid,test}.tokens.u16`: every file's token ids, files concatenated (little-endian uint16);
 * - `{train,valid,test}.lines.u32`: token index of every line start (a file's first token, and each
 *   token after a newline token: newlines are pieces of their own, so a token never spans one);
 * - `{train,valid,test}.files.json`: `[fileId, firstToken, endToken, language]` per file;
 * - `meta.json`: the SHIPPED config, its parameter names and shapes (the checkpoint contract, from
 *   src/model/parameters.ts), special ids, tokenizer version, and the display text of every id (for
 *   plots and the bracket-matching measurement).
 *
 * `--tokenizer <tokenizer.json> --out <dir> --splits test` tokenizes with another tokenizer (the
 * previous release's, to measure the old model on the same held-out projects).
 */
import * as fs from 'fs';
import * as path from 'path';
import { SHIPPED } from '../../src/model/config';
import { parameterSpecs } from '../../src/model/parameters';
import { Tokenizer } from '../../src/model/tokenizer/tokenizer';
import { BOS_ID, EOS_ID, MASK_ID, PAD_ID } from '../../src/model/tokenizer/special-tokens';
import { CorpusFile, fetchCorpus, listCorpus, SOURCES } from './corpus';

const repo = path.resolve(__dirname, '../..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const outDir = path.resolve(arg('out') ?? path.join(repo, '.train/data'));
const tokenizerFile = arg('tokenizer');
const splits = (arg('splits') ?? 'train,valid,test').split(',') as CorpusFile['split'][];
const tok = Tokenizer.fromJSON(fs.readFileSync(tokenizerFile ?? path.join(repo, 'media/model/tokenizer.json'), 'utf8'));
if (!tokenizerFile && tok.vocabSize !== SHIPPED.vocabSize) throw new Error(`Tokenizer has ${tok.vocabSize} ids, SHIPPED.vocabSize is ${SHIPPED.vocabSize}.`);

fetchCorpus(path.join(repo, '.cache/corpus'));
const files = listCorpus(path.join(repo, '.cache/corpus'));
fs.mkdirSync(outDir, { recursive: true });
const summary: Record<string, unknown> = {};
const perSource = new Map<string, Record<string, number>>();
const tally = (source: string, key: string, n: number): void => {
  const row = perSource.get(source) ?? {};
  row[key] = (row[key] ?? 0) + n;
  perSource.set(source, row);
};
for (const split of splits) {
  const ids: number[] = [];
  const lines: number[] = [];
  const index: [string, number, number, string][] = [];
  for (const f of files.filter((x) => x.split === split)) {
    const first = ids.length;
    let lineStart = true;
    for (const t of tok.encode(f.text)) {
      if (lineStart) lines.push(ids.length);
      ids.push(t.id);
      lineStart = t.text === '\n' || t.text === '\r\n' || t.text === '\r';
    }
    index.push([f.id, first, ids.length, f.language]);
    tally(f.source, `${split}Files`, 1);
    tally(f.source, `${split}Tokens`, ids.length - first);
    tally(f.source, 'characters', f.text.length);
  }
  fs.writeFileSync(path.join(outDir, `${split}.tokens.u16`), new Uint8Array(Uint16Array.from(ids).buffer));
  fs.writeFileSync(path.join(outDir, `${split}.lines.u32`), new Uint8Array(Uint32Array.from(lines).buffer));
  fs.writeFileSync(path.join(outDir, `${split}.files.json`), JSON.stringify(index));
  summary[split] = { files: index.length, tokens: ids.length, lines: lines.length };
}
const meta = {
  config: SHIPPED,
  parameters: parameterSpecs(SHIPPED).map((p) => ({ name: p.name, shape: p.shape })),
  tokenizer: tok.version,
  special: { pad: PAD_ID, bos: BOS_ID, eos: EOS_ID, mask: MASK_ID },
  sources: SOURCES.map((s) => ({ id: s.id, origin: s.origin, version: s.version, license: s.license, language: s.language, heldOut: !!s.heldOut, ...perSource.get(s.id) })),
  splits: summary,
  vocab: Array.from({ length: tok.vocabSize }, (_, id) => tok.idToText(id)),
};
fs.writeFileSync(path.join(outDir, 'meta.json'), JSON.stringify(meta));
console.log(`prepared ${JSON.stringify(summary)} with tokenizer ${tok.version} -> ${path.relative(repo, outDir)}`);
