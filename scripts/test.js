// `npm test`: everything, in the order that fails fastest.
//   1. type-check and compile (tsc -b: each room with only what it may see), lint (eslint), build the bundles (esbuild)
//   2. unit tests in Node (mocha, out/test/unit; the views' tests also in Chromium), the model on WebGL in Chromium
//   3. integration tests inside a real VS Code extension host (code-server, offline)
//   4. UI tests in the real workbench: command palette, webview, screenshots; then the .vsix install path
// Prints one closing line "N passed, N failed" and exits non-zero if anything failed.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const results = [];

function run(name, cmd, args, { counts = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const forward = (stream) => (chunk) => {
      out += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('close', (code) => {
      const r = { name, code: code ?? 1, seconds: (Date.now() - started) / 1000, passed: 0, failed: 0 };
      if (counts) {
        // mocha: "N passing" / "N failing"; the integration runner prints "integration: N passed, N failed".
        const passing = [...out.matchAll(/^\s*(\d+) passing/gm)].pop() || [...out.matchAll(/(\d+) passed, \d+ failed/g)].pop();
        const failing = [...out.matchAll(/^\s*(\d+) failing/gm)].pop() || [...out.matchAll(/\d+ passed, (\d+) failed/g)].pop();
        r.passed = passing ? Number(passing[1]) : 0;
        r.failed = failing ? Number(failing[1]) : 0;
        if (r.code !== 0 && r.failed === 0) r.failed = 1; // a crash before mocha could count
        if (r.code === 0 && r.passed === 0) {
          console.error(`${name} ran no test`);
          r.code = 1;
          r.failed = 1;
        }
      }
      results.push(r);
      resolve(r);
    });
  });
}

async function main() {
  const node = process.execPath;
  const bin = (p) => path.join(root, 'node_modules', p);
  const steps = [
    () => run('install VS Code (code-server; cached after the first run)', node, ['test/harness/ensure-vscode.js']),
    () => run('compile (tsc)', node, [bin('typescript/bin/tsc'), '-b']),
    () => run('lint (eslint: walls between the rooms, no import cycles)', node, [bin('eslint/bin/eslint.js')]),
    () => run('bundle (esbuild)', node, ['esbuild.js']),
  ];
  for (const step of steps) {
    const r = await step();
    if (r.code !== 0) return finish();
  }
  await run('unit tests', node, [bin('mocha/bin/mocha.js')], { counts: true });
  await run('model on WebGL in Chromium (f16 textures)', node, [bin('mocha/bin/mocha.js'), '--no-config', '--timeout', '300000', 'out/test/browser/model/*.test.js'], { counts: true });
  await run('integration tests (real VS Code)', node, ['test/harness/run-integration.js'], { counts: true });
  await run('UI tests (workbench, panel, tour, .vsix)', node, [bin('mocha/bin/mocha.js'), '--no-config', '--timeout', '300000', '--spec', 'out/test/ui/palette.test.js', '--spec', 'out/test/ui/panel.test.js', '--spec', 'out/test/ui/tour.test.js', '--spec', 'out/test/ui/progress.test.js', '--spec', 'out/test/ui/faults.test.js', '--spec', 'out/test/ui/reading.test.js', '--spec', 'out/test/ui/explain.test.js', '--spec', 'out/test/ui/install.test.js'], { counts: true });
  finish();
}

function finish() {
  console.log('\n=== summary');
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name.padEnd(42)} ${r.seconds.toFixed(1).padStart(6)} s${r.passed || r.failed ? `  (${r.passed} passed, ${r.failed} failed)` : ''}`);
    passed += r.passed;
    failed += r.failed;
    if (r.code !== 0 && !r.failed) failed += 1;
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
