/**
 * The tfjs-free half of src/model (src/model/README.md): configuration, parameters, accounting,
 * initialisation, the masks as arrays, the positional-encoding table and the explanation arithmetic.
 * The views import these directly and must not pull tfjs into their bundle, so each module, loaded
 * alone in a fresh Node process, must leave no `@tensorflow/` module in `require.cache`.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, from out/test/unit/model. */
const ROOT = path.resolve(__dirname, '../../../..');

/** src/model modules (without `.ts`) that must load without tfjs. */
const TFJS_FREE = [
  'config', 'parameters', 'accounting', 'init', 'prng', 'masks', 'positional-encoding', 'embeddings',
  'query-key-steps', 'rollout', 'value-weighted', 'value-preview',
] as const;

const TFJS = /[\\/]@tensorflow[\\/]/;
const MODEL = /[\\/]out[\\/]src[\\/]model[\\/]/;

/** Requires the compiled module in a new Node process and returns the files it loaded. */
function loadedBy(module: string): string[] {
  const file = path.join(ROOT, 'out', 'src', 'model', `${module}.js`);
  assert.ok(fs.existsSync(file), `${file} is missing: compile with tsc -p . first`);
  const script = `require(${JSON.stringify(file)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
}

/** The src/model modules that files under `dir` import (`…/src/model/x` gives `x`). */
function modelImports(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts')) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/from\s+'(?:\.\.\/)+src\/model(?:\/([\w/-]+))?'/g)) {
          const module = m[1] ?? 'index';
          found.set(module, [...(found.get(module) ?? []), path.relative(ROOT, p)]);
        }
      }
    }
  };
  walk(dir);
  return found;
}

describe('model: tfjs-free modules', function () {
  this.timeout(60000);

  for (const module of TFJS_FREE) {
    it(`src/model/${module} loads without any @tensorflow/ module`, () => {
      const loaded = loadedBy(module);
      const tfjs = loaded.filter((f) => TFJS.test(f));
      const model = loaded.filter((f) => MODEL.test(f)).map((f) => path.relative(ROOT, f));
      assert.deepEqual(tfjs.slice(0, 3), [], `src/model/${module} pulled in tfjs; the model files it loaded: ${model.join(', ')}`);
    });
  }

  it('the probe sees tfjs when a module does import it (src/model/attention)', () => {
    assert.ok(loadedBy('attention').some((f) => TFJS.test(f)));
  });

  it('every src/model module that webview/views imports is one of them', () => {
    const imports = modelImports(path.join(ROOT, 'webview', 'views'));
    assert.ok(imports.size > 0, 'the views import the model somewhere (masks, positional encoding, accounting)');
    for (const [module, files] of imports) {
      assert.ok((TFJS_FREE as readonly string[]).includes(module), `${files.join(', ')} import src/model/${module}, which is not tfjs-free`);
    }
  });
});
