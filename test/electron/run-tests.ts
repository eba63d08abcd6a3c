/**
 * `npm run test:electron`: the same integration suite in a desktop VS Code downloaded by
 * @vscode/test-electron. Needs internet access to the VS Code update server; offline, `npm test`
 * runs the suite in code-server instead (test/harness/run-integration.js).
 */
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index'),
      launchArgs: [path.join(root, 'media', 'samples'), '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (e) {
    console.error(`Integration tests failed: ${String(e)}`);
    process.exit(1);
  }
}

void main();
