/**
 * The training corpus: which permissively licensed source files, pinned by version, and how they
 * are split: whole projects held out for testing (never seen by the tokenizer or the model), and a
 * few files of the training projects kept aside to follow training.
 *
 * npm packages are fetched with `npm pack`, Debian's Python packages with `apt-get download`, into
 * .cache/corpus (git-ignored). docs/model-card.md lists the same sources with their licences.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fingerprint } from '../../src/model/tokenizer/fingerprint';

export interface CorpusSource {
  /** Short name used in file ids and in the model card. */
  id: string;
  /**
   * `npm:<name>@<version>` (fetched with npm pack), `deb:<package>=<version>` (Debian's package,
   * fetched with apt-get download, its Python under /usr/lib/python3/dist-packages) or
   * `dir:<absolute path>` (a Debian package already installed).
   */
  origin: string;
  version: string;
  license: string;
  language: 'ts/js' | 'python';
  /** Paths (relative to the package root, `/`-separated) to include. */
  include: RegExp;
  /** Paths to leave out even when included (bundles, generated code, other builds of the same code). */
  exclude?: RegExp;
  /**
   * A held-out project: neither the tokenizer nor the model ever sees a line of it, and every figure
   * of the model card is measured on it (whole projects, not files of training projects).
   */
  heldOut?: true;
}

const npm = (id: string, name: string, version: string, license: string, include: RegExp, exclude?: RegExp, heldOut?: true): CorpusSource =>
  ({ id, origin: `npm:${name}@${version}`, version, license, language: 'ts/js', include, exclude, heldOut });
const deb = (name: string, version: string, license: string, include: RegExp = /\.py$/, exclude?: RegExp, heldOut?: true): CorpusSource =>
  ({ id: name.replace(/^python3-/, 'py-'), origin: `deb:${name}=${version}`, version: `${version} (Debian ${name})`, license, language: 'python', include, exclude, heldOut });

export const SOURCES: readonly CorpusSource[] = [
  // TypeScript and JavaScript, from the npm registry.
  npm('typescript-lib', 'typescript', '5.9.3', 'Apache-2.0', /^lib\/lib\.[\w.]+\.d\.ts$/),
  npm('types-node', '@types/node', '20.17.10', 'MIT', /^[\w/-]+\.d\.ts$/),
  npm('rxjs', 'rxjs', '7.8.1', 'Apache-2.0', /^src\/.+\.ts$/),
  npm('immer', 'immer', '10.1.1', 'MIT', /^src\/.+\.ts$/),
  npm('preact', 'preact', '10.25.4', 'MIT', /^(\w+\/)?src\/.+\.(js|ts)$/),
  npm('lodash', 'lodash', '4.17.21', 'MIT', /^[\w.]+\.js$/, /^(lodash|core)(\.min)?\.js$|^fp/),
  npm('express', 'express', '4.21.2', 'MIT', /^(index\.js|lib\/.+\.js)$/),
  npm('axios', 'axios', '1.7.9', 'MIT', /^(index\.d\.ts|lib\/.+\.js)$/),
  npm('commander', 'commander', '12.1.0', 'MIT', /^(lib\/.+\.js|typings\/index\.d\.ts)$/),
  npm('ajv', 'ajv', '8.20.0', 'MIT', /^lib\/.+\.ts$/),
  npm('cheerio', 'cheerio', '1.2.0', 'MIT', /^src\/.+\.ts$/),
  npm('date-fns', 'date-fns', '4.4.0', 'MIT', /^[\w]+\/index\.js$|^_lib\/.+\.js$/, /\.cjs$|^locale\//),
  npm('dayjs', 'dayjs', '1.11.23', 'MIT', /^esm\/(index|plugin\/\w+\/index)\.js$|^index\.d\.ts$/),
  npm('echarts', 'echarts', '6.1.0', 'Apache-2.0', /^lib\/(component|chart|coord|core|model|view|data|util)\/.+\.js$/),
  npm('effect', 'effect', '4.1.0', 'MIT', /^src\/.+\.ts$/),
  npm('eslint', 'eslint', '10.15.0', 'MIT', /^lib\/.+\.js$/),
  npm('fastify', 'fastify', '5.12.8', 'MIT', /^(fastify\.js|lib\/.+\.js|test\/.+\.js|types\/.+\.d\.ts)$/),
  npm('fp-ts', 'fp-ts', '2.16.11', 'MIT', /^src\/.+\.ts$|^es6\/.+\.d\.ts$/),
  npm('graphql', 'graphql', '17.1.0', 'MIT', /^(?!__dev__).+\.ts$/),
  npm('handlebars', 'handlebars', '4.7.10', 'MIT', /^lib\/.+\.js$/),
  npm('highlight.js', 'highlight.js', '11.12.0', 'BSD-3-Clause', /^lib\/(languages\/)?[\w-]+\.js$/, /^lib\/(index|common)\.js$/),
  npm('hono', 'hono', '4.13.19', 'MIT', /^dist\/types\/.+\.d\.ts$/),
  npm('jquery', 'jquery', '4.0.0', 'MIT', /^src\/.+\.js$/),
  npm('knex', 'knex', '3.3.0', 'MIT', /^lib\/.+\.js$/),
  npm('koa', 'koa', '3.3.0', 'MIT', /^lib\/.+\.js$/),
  npm('less', 'less', '4.9.1', 'Apache-2.0', /^lib\/.+\.js$/),
  npm('lit-html', 'lit-html', '3.3.3', 'BSD-3-Clause', /^development\/.+\.js$/),
  npm('luxon', 'luxon', '3.7.2', 'MIT', /^src\/.+\.js$/),
  npm('mathjs', 'mathjs', '15.2.0', 'Apache-2.0', /^lib\/esm\/.+\.js$/),
  npm('mobx', 'mobx', '7.1.3', 'MIT', /^src\/.+\.ts$/),
  npm('mocha', 'mocha', '12.0.3', 'MIT', /^lib\/.+\.js$/),
  npm('moment', 'moment', '2.31.0', 'MIT', /^src\/lib\/.+\.js$/),
  npm('monaco-editor', 'monaco-editor', '0.57.0', 'MIT', /^esm\/vs\/(base|editor\/common|editor\/browser)\/.+\.js$/),
  npm('mongoose', 'mongoose', '9.12.1', 'MIT', /^lib\/.+\.js$|^types\/.+\.d\.ts$/),
  npm('postcss', 'postcss', '8.5.34', 'MIT', /^lib\/.+\.(js|d\.ts)$/),
  npm('ramda', 'ramda', '0.32.0', 'MIT', /^src\/.+\.js$/),
  npm('redux', 'redux', '5.0.1', 'MIT', /^src\/.+\.ts$/),
  npm('sequelize', 'sequelize', '6.37.8', 'MIT', /^lib\/.+\.js$|^types\/.+\.d\.ts$/),
  npm('sinon', 'sinon', '22.1.0', 'BSD-3-Clause', /^lib\/.+\.js$/),
  npm('svelte', 'svelte', '5.57.3', 'MIT', /^src\/.+\.js$/),
  npm('typeorm', 'typeorm', '1.1.1', 'MIT', /^(?!browser\/).+\.d\.ts$/),
  npm('types-react', '@types/react', '19.3.3', 'MIT', /^[\w-]+\.d\.ts$/),
  npm('underscore', 'underscore', '1.13.8', 'MIT', /^modules\/.+\.js$/),
  npm('undici', 'undici', '8.13.1', 'MIT', /^(lib\/.+\.js|types\/.+\.d\.ts)$/),
  npm('vscode-languageserver', 'vscode-languageserver', '11.0.0', 'MIT', /^lib\/.+\.js$/),
  npm('vue-runtime-core', '@vue/runtime-core', '3.5.45', 'MIT', /^dist\/runtime-core\.cjs\.js$|^dist\/runtime-core\.d\.ts$/),
  npm('vue-compiler-core', '@vue/compiler-core', '3.5.45', 'MIT', /^dist\/compiler-core\.cjs\.js$/),
  npm('vue-reactivity', '@vue/reactivity', '3.5.45', 'MIT', /^dist\/reactivity\.cjs\.js$/),
  npm('webpack', 'webpack', '5.113.0', 'MIT', /^lib\/.+\.js$/),
  npm('ws', 'ws', '8.23.0', 'MIT', /^lib\/.+\.js$/),
  npm('yargs', 'yargs', '18.2.0', 'MIT', /^build\/lib\/.+\.js$/),
  // Held out whole: never seen by the tokenizer or the model.
  npm('zod', 'zod', '4.6.7', 'MIT', /^src\/v4\/(core|classic)\/.+\.ts$/, /\/tests?\//, true),
  npm('three', 'three', '0.187.0', 'MIT', /^src\/.+\.js$/, undefined, true),
  npm('puppeteer-core', 'puppeteer-core', '25.16.0', 'Apache-2.0', /^src\/.+\.ts$/, undefined, true),

  // Python: the standard library (installed) and Debian's packages of Python code.
  {
    id: 'cpython-stdlib', origin: 'dir:/usr/lib/python3.11', version: '3.11.2 (Debian libpython3.11-stdlib 3.11.2-6+deb12u6)', license: 'PSF-2.0', language: 'python',
    include: /\.py$/, exclude: /^(test|site-packages|dist-packages|lib2to3\/tests|idlelib\/idle_test|tkinter\/test)\/|^_sysconfigdata|^(_pydecimal|_pyio|pydoc)\.py$|^pydoc_data\//,
  },
  deb('python3-aiohttp', '3.8.4-1+deb12u2', 'Apache-2.0'),
  deb('python3-alembic', '1.8.1-2', 'MIT'),
  deb('python3-astropy', '5.2.1-2+deb12u1', 'BSD-3-Clause'),
  deb('python3-attr', '22.2.0-1', 'MIT'),
  deb('python3-babel', '2.10.3-1', 'BSD-3-Clause'),
  deb('python3-botocore', '1.29.27+repack-1', 'Apache-2.0'),
  deb('python3-bs4', '4.11.2-2', 'MIT'),
  deb('python3-celery', '5.2.6-5', 'BSD-3-Clause'),
  deb('python3-django', '3:3.2.25-0+deb12u7', 'BSD-3-Clause'),
  deb('python3-flask', '2.2.2-3', 'BSD-3-Clause'),
  deb('python3-httpx', '0.23.3-1', 'BSD-3-Clause'),
  deb('python3-ipython', '8.5.0-4', 'BSD-3-Clause'),
  deb('python3-jedi', '0.18.2-1', 'MIT', /\.py$/, /\/third_party\//),
  deb('python3-jinja2', '3.1.2-1+deb12u3', 'BSD-3-Clause'),
  deb('python3-kombu', '5.2.4-1', 'BSD-3-Clause'),
  deb('python3-mako', '1.2.4+ds-1', 'MIT'),
  deb('python3-markdown', '3.4.1-2+deb12u1', 'BSD-3-Clause'),
  deb('python3-matplotlib', '3.6.3-1+b1', 'PSF-based (Matplotlib License)'),
  deb('python3-mypy', '1.0.1-1', 'MIT', /\.py$/, /typeshed/),
  deb('python3-networkx', '2.8.8-1', 'BSD-3-Clause'),
  deb('python3-nltk', '3.8-1', 'Apache-2.0'),
  deb('python3-numpy', '1:1.24.2-1+deb12u1', 'BSD-3-Clause'),
  deb('python3-pandas', '1.5.3+dfsg-2', 'BSD-3-Clause'),
  deb('python3-parso', '0.8.3-1', 'MIT'),
  deb('python3-pip', '23.0.1+dfsg-1', 'MIT'),
  deb('python3-prompt-toolkit', '3.0.36-2', 'BSD-3-Clause'),
  deb('python3-pygments', '2.14.0+dfsg-1', 'BSD-2-Clause'),
  deb('python3-pytest', '7.2.1-2', 'MIT'),
  deb('python3-scipy', '1.10.1-2', 'BSD-3-Clause'),
  deb('python3-scrapy', '2.8.0-2', 'BSD-3-Clause'),
  deb('python3-setuptools', '66.1.1-1+deb12u2', 'MIT'),
  deb('python3-sklearn', '1.2.1+dfsg-1', 'BSD-3-Clause'),
  deb('python3-sphinx', '5.3.0-4', 'BSD-2-Clause'),
  deb('python3-sqlalchemy', '1.4.46+ds1-1', 'MIT'),
  deb('python3-sympy', '1.11.1-1', 'BSD-3-Clause'),
  deb('python3-tornado', '6.2.0-3+deb12u4', 'Apache-2.0'),
  deb('python3-twisted', '22.4.0-4+deb12u1', 'MIT'),
  deb('python3-urllib3', '1.26.12-1+deb12u4', 'MIT'),
  deb('python3-werkzeug', '2.2.2-3+deb12u1', 'BSD-3-Clause'),
  deb('python3-yaml', '6.0-3+b2', 'MIT'),
  // Held out whole.
  deb('python3-requests', '2.28.1+dfsg-1', 'Apache-2.0', /\.py$/, undefined, true),
  deb('python3-rich', '13.3.1-1', 'MIT', /\.py$/, undefined, true),
  deb('python3-click', '8.1.3-2', 'BSD-3-Clause', /\.py$/, undefined, true),
];

/** Vendored copies of other projects (pip vendors requests and rich): never counted twice, never leaking a held-out project. */
const VENDORED = /(^|\/)(_vendor|vendored|vendor|node_modules|third_party)\//;

/**
 * At most this many characters from one source (files taken in hash order), so that no project
 * dominates the mix: sympy alone has 25 M characters, requests 0.2 M.
 */
export const MAX_SOURCE_CHARACTERS = 3_500_000;

/** Files larger than this are left out: they would dominate the corpus (lib.dom.d.ts, typescript.d.ts). */
export const MAX_FILE_BYTES = 300_000;
/** Percentage of the training projects' files kept aside to follow the loss during training (by a hash of the file id). */
export const VALID_PERCENT = 2;

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
  language: CorpusSource['language'];
  /** `<source id>/<path>`: stable, and what the split hashes. */
  id: string;
  /** `test`: a held-out project; `valid`: a few files of training projects, to follow training. */
  split: 'train' | 'valid' | 'test';
  variant: Variant;
  /** The file's text after {@link applyVariant}. */
  text: string;
}

/** Where a fetched source is unpacked. */
function unpackDir(cacheDir: string, s: CorpusSource): string {
  if (s.origin.startsWith('deb:')) return path.join(cacheDir, 'deb', s.origin.slice(4).split('=')[0]);
  return path.join(cacheDir, 'src', s.origin.slice(4).replace(/^@/, '').replace(/[/@]/g, '-'));
}

/** The folder whose files `include` matches against. npm tarballs hold one top folder, usually `package/` (`node/` for @types/node). */
function sourceRoot(cacheDir: string, s: CorpusSource): string {
  if (s.origin.startsWith('dir:')) return s.origin.slice(4);
  const dir = unpackDir(cacheDir, s);
  if (s.origin.startsWith('deb:')) return path.join(dir, 'usr/lib/python3/dist-packages');
  const tops = fs.readdirSync(dir);
  if (tops.length !== 1) throw new Error(`Expected one folder in ${dir}, found ${tops.join(', ')}.`);
  return path.join(dir, tops[0]);
}

/** Downloads and unpacks the sources that are not in `cacheDir` yet: npm pack, or apt-get download of the pinned Debian version. */
export function fetchCorpus(cacheDir: string): void {
  for (const s of SOURCES) {
    if (s.origin.startsWith('dir:')) continue;
    const root = unpackDir(cacheDir, s);
    if (fs.existsSync(root)) continue;
    const downloads = path.join(cacheDir, 'downloads');
    fs.mkdirSync(downloads, { recursive: true });
    const spec = s.origin.slice(4);
    const tmp = `${root}.partial`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    if (s.origin.startsWith('npm:')) {
      const tgz = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', downloads], { encoding: 'utf8' }).trim().split('\n').pop()!;
      execFileSync('tar', ['xzf', path.join(downloads, tgz), '-C', tmp]);
    } else {
      try {
        execFileSync('apt-get', ['download', spec], { cwd: downloads, stdio: 'ignore' });
      } catch {
        // A fresh machine's package lists may predate the pinned (security) version.
        throw new Error(`apt-get download ${spec} failed: run \`apt-get update\` (the pinned version may be in bookworm-security) and try again.`);
      }
      const name = spec.split('=')[0];
      const file = fs.readdirSync(downloads).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
      if (!file) throw new Error(`apt-get download ${spec} left no .deb in ${downloads}.`);
      execFileSync('dpkg-deb', ['-x', path.join(downloads, file), tmp]);
    }
    fs.renameSync(tmp, root);
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

/** Tables of numbers or encoded data (Unicode tables, test vectors): under a third letters. */
function looksLikeData(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters < text.length / 3;
}

const hashOf = (s: string): number => parseInt(fingerprint(s).slice(-6), 16);

/**
 * Every corpus file, in a stable order, with its split. Each source contributes at most
 * {@link MAX_SOURCE_CHARACTERS} (its files in hash order); a file whose exact text was already taken
 * (another build of the same code, a copy in another package) is left out.
 */
export function listCorpus(cacheDir: string): CorpusFile[] {
  const files: CorpusFile[] = [];
  const seen = new Set<string>();
  for (const s of SOURCES) {
    const root = sourceRoot(cacheDir, s);
    const candidates = walk(root)
      .filter((rel) => s.include.test(rel) && !s.exclude?.test(rel) && !VENDORED.test(rel))
      .map((rel) => ({ rel, id: `${s.id}/${rel}` }))
      .sort((a, b) => hashOf(a.id) - hashOf(b.id) || (a.id < b.id ? -1 : 1));
    let characters = 0;
    const taken: CorpusFile[] = [];
    for (const { rel, id } of candidates) {
      if (characters >= MAX_SOURCE_CHARACTERS) break;
      const full = path.join(root, rel);
      if (fs.statSync(full).size > MAX_FILE_BYTES) continue;
      const text = fs.readFileSync(full, 'utf8');
      if (text.trim().length === 0 || looksMinified(text) || looksLikeData(text)) continue;
      const key = fingerprint(text);
      if (seen.has(key)) continue;
      seen.add(key);
      characters += text.length;
      const split = s.heldOut ? 'test' : hashOf(id) % 100 < VALID_PERCENT ? 'valid' : 'train';
      const variant = variantOf(id);
      taken.push({ source: s.id, language: s.language, id, split, variant, text: applyVariant(text, variant) });
    }
    files.push(...taken.sort((a, b) => (a.id < b.id ? -1 : 1)));
  }
  return files;
}
