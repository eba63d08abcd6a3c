/**
 * The training corpus: which permissively licensed source files, pinned by version, and how they
 * are split into train and held-out test sets (by FILE, so no test line was seen in training).
 *
 * npm packages are fetched with `npm pack` into .cache/corpus (git-ignored); Python comes from
 * Debian's standard library. docs/model-card.md lists the same sources with their licences.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fingerprint } from '../../src/model/tokenizer/fingerprint';

export interface CorpusSource {
  /** Short name used in file ids and in the model card. */
  id: string;
  /** `npm:<name>@<version>` (fetched with npm pack) or `dir:<absolute path>` (a Debian package). */
  origin: string;
  version: string;
  license: string;
  /** Paths (relative to the package root, `/`-separated) to include. */
  include: RegExp;
  /** Paths to leave out even when included (bundles, generated code, tests). */
  exclude?: RegExp;
}

export const SOURCES: readonly CorpusSource[] = [
  { id: 'typescript-lib', origin: 'npm:typescript@5.9.3', version: '5.9.3', license: 'Apache-2.0', include: /^lib\/lib\.[\w.]+\.d\.ts$/ },
  { id: 'types-node', origin: 'npm:@types/node@20.17.10', version: '20.17.10', license: 'MIT', include: /^[\w/-]+\.d\.ts$/ },
  { id: 'rxjs', origin: 'npm:rxjs@7.8.1', version: '7.8.1', license: 'Apache-2.0', include: /^src\/.+\.ts$/ },
  { id: 'immer', origin: 'npm:immer@10.1.1', version: '10.1.1', license: 'MIT', include: /^src\/.+\.ts$/ },
  { id: 'preact', origin: 'npm:preact@10.25.4', version: '10.25.4', license: 'MIT', include: /^(\w+\/)?src\/.+\.(js|ts)$/ },
  { id: 'lodash', origin: 'npm:lodash@4.17.21', version: '4.17.21', license: 'MIT', include: /^[\w.]+\.js$/, exclude: /^(lodash|core)(\.min)?\.js$|^fp/ },
  { id: 'express', origin: 'npm:express@4.21.2', version: '4.21.2', license: 'MIT', include: /^(index\.js|lib\/.+\.js)$/ },
  { id: 'axios', origin: 'npm:axios@1.7.9', version: '1.7.9', license: 'MIT', include: /^(index\.d\.ts|lib\/.+\.js)$/ },
  { id: 'commander', origin: 'npm:commander@12.1.0', version: '12.1.0', license: 'MIT', include: /^(lib\/.+\.js|typings\/index\.d\.ts)$/ },
  {
    id: 'cpython-stdlib', origin: 'dir:/usr/lib/python3.11', version: '3.11.2 (Debian libpython3.11-stdlib 3.11.2-6+deb12u6)', license: 'PSF-2.0',
    include: /^([\w]+\.py|(asyncio|collections|concurrent\/futures|email|http|importlib|json|logging|urllib|unittest|xml\/dom|xml\/etree)\/[\w]+\.py)$/,
    exclude: /^(_sysconfigdata|_pydecimal|_pyio|pydoc)/,
  },
];

/** Files larger than this are left out: they would dominate the corpus (lib.dom.d.ts, typescript.d.ts). */
export const MAX_FILE_BYTES = 300_000;
/** Percentage of files held out for testing (chosen by a hash of the file id, so stable). */
export const TEST_PERCENT = 5;

/**
 * The pinned sources are almost all LF-terminated and space-indented, but users' files are often
 * CRLF or tab-indented. A stable tenth of the files is rewritten with CRLF line ends and another
 * tenth with tab indentation, so the tokenizer learns `\r\n` and tab runs as tokens and the model
 * sees them in training.
 */
export type Variant = 'as-is' | 'crlf' | 'tabs';

function variantOf(id: string): Variant {
  const h = parseInt(fingerprint(`variant:${id}`).slice(-6), 16) % 10;
  return h === 0 ? 'crlf' : h === 1 ? 'tabs' : 'as-is';
}

/** Indentation with one tab per indent unit (the smallest indentation the file uses). */
function toTabs(text: string): string {
  const widths = [...text.matchAll(/^( +)\S/gm)].map((m) => m[1].length);
  const unit = widths.length ? Math.min(...widths) : 4;
  return text.replace(/^( +)(?=\S)/gm, (sp) => '\t'.repeat(Math.floor(sp.length / unit)) + ' '.repeat(sp.length % unit));
}

export function applyVariant(text: string, v: Variant): string {
  if (v === 'crlf') return text.replace(/\r?\n/g, '\r\n');
  if (v === 'tabs') return toTabs(text);
  return text;
}

export interface CorpusFile {
  source: string;
  /** `<source id>/<path>`: stable, and what the split hashes. */
  id: string;
  split: 'train' | 'test';
  variant: Variant;
  /** The file's text after {@link applyVariant}. */
  text: string;
}

/** Where an npm source is unpacked: `<cache>/src/<name>-<version>`. */
function unpackDir(cacheDir: string, s: CorpusSource): string {
  return path.join(cacheDir, 'src', s.origin.slice(4).replace(/^@/, '').replace(/[/@]/g, '-'));
}

/** The folder whose files `include` matches against. npm tarballs hold one top folder, usually `package/` (`node/` for @types/node). */
function sourceRoot(cacheDir: string, s: CorpusSource): string {
  if (s.origin.startsWith('dir:')) return s.origin.slice(4);
  const dir = unpackDir(cacheDir, s);
  const tops = fs.readdirSync(dir);
  if (tops.length !== 1) throw new Error(`Expected one folder in ${dir}, found ${tops.join(', ')}.`);
  return path.join(dir, tops[0]);
}

/** Downloads (npm pack) and unpacks the npm sources that are not in `cacheDir` yet. */
export function fetchCorpus(cacheDir: string): void {
  for (const s of SOURCES) {
    if (!s.origin.startsWith('npm:')) continue;
    const root = unpackDir(cacheDir, s);
    if (fs.existsSync(root)) continue;
    fs.mkdirSync(root, { recursive: true });
    const tgz = execFileSync('npm', ['pack', s.origin.slice(4), '--silent', '--pack-destination', cacheDir], { encoding: 'utf8' }).trim().split('\n').pop()!;
    execFileSync('tar', ['xzf', path.join(cacheDir, tgz), '-C', root]);
  }
}

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Minified or generated files have very long lines; they teach the model nothing about code layout. */
function looksMinified(text: string): boolean {
  const lines = text.split('\n');
  return lines.some((l) => l.length > 1000) || text.length / lines.length > 120;
}

/** Every corpus file, in a stable order, with its split. */
export function listCorpus(cacheDir: string): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const s of SOURCES) {
    const root = sourceRoot(cacheDir, s);
    for (const rel of walk(root)) {
      if (!s.include.test(rel) || s.exclude?.test(rel)) continue;
      const full = path.join(root, rel);
      if (fs.statSync(full).size > MAX_FILE_BYTES) continue;
      const text = fs.readFileSync(full, 'utf8');
      if (looksMinified(text) || text.trim().length === 0) continue;
      const id = `${s.id}/${rel}`;
      const split = parseInt(fingerprint(id).slice(-6), 16) % 100 < TEST_PERCENT ? 'test' : 'train';
      const variant = variantOf(id);
      files.push({ source: s.id, id, split, variant, text: applyVariant(text, variant) });
    }
  }
  return files;
}
