// Bundles the extension host (Node, CommonJS, `vscode` external), the webview and the engine's Web
// Worker (browser) into dist/, copies the wasm backend's binaries beside the webview bundle, and prints
// the sizes.
//   node esbuild.js               development build (sourcemaps)
//   node esbuild.js --production  minified, no sourcemaps (what the .vsix ships)
//   node esbuild.js --watch       rebuild on change
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = path.join(__dirname, 'dist');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  metafile: true,
  legalComments: production ? 'none' : 'inline',
};

const builds = [
  { ...common, entryPoints: ['src/host/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The engine's dedicated Web Worker (issue 15): tfjs, the backend, the pass and the maps.
  { ...common, entryPoints: ['webview/engine/engine-worker.ts'], outfile: 'dist/engine-worker.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The engine on the page's own thread, loaded only when the page falls back to it (issue 15).
  { ...common, entryPoints: ['webview/engine/page-engine-script.ts'], outfile: 'dist/page-engine.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

// As src/shared/engine-files.ts names them.
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

function copyWasm() {
  const from = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const f of WASM_FILES) fs.copyFileSync(path.join(from, f), path.join(dist, f));
}

function printSizes() {
  const rows = fs.readdirSync(dist).filter((f) => !f.endsWith('.map')).sort();
  for (const f of rows) console.log(`  dist/${f.padEnd(32)} ${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(1).padStart(8)} KB`);
}

async function main() {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  if (watch) {
    for (const options of builds) {
      const ctx = await esbuild.context({ ...options, plugins: [{ name: 'report', setup: (b) => b.onEnd((r) => console.log(`[watch] ${options.outfile}: ${r.errors.length} errors`)) }] });
      await ctx.watch();
    }
    copyWasm();
    console.log('[watch] watching for changes');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyWasm();
  console.log(`Built (${production ? 'production' : 'development'}):`);
  printSizes();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
