// An import-cycle rule that counts every static import and re-export, `import type` included:
// a cycle of types is still two files that cannot be read, moved or tested one without the other
// (eslint-plugin-import-x's no-cycle skips type imports by design). Relative specifiers only.
import fs from 'node:fs';
import path from 'node:path';

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;
/** Per lint run: a file's relative imports, resolved to files. */
const edges = new Map();

function resolve(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function importsOf(file, text) {
  if (text === undefined && edges.has(file)) return edges.get(file);
  let source = text;
  if (source === undefined) {
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      source = '';
    }
  }
  const found = [];
  for (const m of source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').matchAll(SPECIFIER)) {
    const target = resolve(file, m[1]);
    if (target) found.push({ specifier: m[1], target });
  }
  if (text === undefined) edges.set(file, found);
  return found;
}

/** The shortest chain of imports from `start` back to `file`, or undefined. */
function cycleThrough(file, start) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const at = queue.shift();
    for (const { target } of importsOf(at)) {
      if (target === file) {
        const chain = [at];
        for (let p = previous.get(at); p; p = previous.get(p)) chain.unshift(p);
        return chain;
      }
      if (!previous.has(target)) {
        previous.set(target, at);
        queue.push(target);
      }
    }
  }
  return undefined;
}

export const noImportCycle = {
  meta: { type: 'problem', docs: { description: 'no import cycles, type imports included' }, schema: [], messages: { cycle: 'Import cycle: {{chain}}.' } },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const rel = (f) => path.relative(root, f);
    return {
      Program() {
        const text = context.sourceCode.text;
        const seen = new Set();
        for (const { specifier, target } of importsOf(file, text)) {
          if (seen.has(target)) continue;
          seen.add(target);
          const chain = cycleThrough(file, target);
          if (!chain) continue;
          const node = context.sourceCode.ast.body.find((n) => n.source?.value === specifier) ?? context.sourceCode.ast;
          context.report({ node, messageId: 'cycle', data: { chain: [file, ...chain, file].map(rel).join(' → ') } });
        }
      },
    };
  },
};

export default { rules: { 'no-import-cycle': noImportCycle } };
