/**
 * Entry point of the integration suite, run inside a real VS Code extension host: by
 * test/harness/run-integration.js (code-server, offline) or by @vscode/test-electron's runTests
 * (test/electron/run-tests.ts, where VS Code can be downloaded). Same signature for both.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.XRAY_TEST_GREP;
  if (grep) mocha.grep(grep);
  // The fault tests run last: they close panels mid-run, change settings and leave editor groups
  // behind, which the layout-sensitive tour steps must not inherit.
  const last = (f: string) => (f.startsWith('reliability') ? 1 : 0);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort((a, b) => last(a) - last(b) || a.localeCompare(b));
  for (const file of files) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
}
