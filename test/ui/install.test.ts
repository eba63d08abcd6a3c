import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, closeWorkbench, harness, openFile, openWorkbench, runFromPalette, screenshot, webviewFrame, type Session } from './workbench';

/** Entry names of a zip file (the .vsix), read with Python's zipfile: no extra dependency. */
function zipEntries(file: string): string[] {
  const script = 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', script, file]).toString().trim().split('\n');
}

describe('UI: the Marketplace install path (.vsix)', function () {
  this.timeout(300_000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xray-vsix-'));
  const vsix = path.join(scratch, 'transformer-xray.vsix');
  let s: Session | undefined;
  after(() => closeWorkbench(s));

  it('packages a .vsix with @vscode/vsce that ships no node_modules', () => {
    execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: ROOT, stdio: 'pipe' });
    const entries = zipEntries(vsix);
    assert.ok(entries.includes('extension/dist/extension.js'), 'the host bundle is in');
    assert.ok(entries.includes('extension/dist/webview.js'), 'the webview bundle is in');
    assert.ok(entries.includes('extension/dist/engine-worker.js'), 'the engine\'s worker bundle is in');
    assert.ok(entries.includes('extension/dist/page-engine.js'), 'the page engine\'s bundle (the fallback) is in');
    assert.ok(entries.includes('extension/media/model/tokenizer.json'), 'the tokenizer is in');
    assert.deepStrictEqual(entries.filter((e) => e.includes('node_modules/')), [], 'no node_modules');
    assert.deepStrictEqual(entries.filter((e) => /^extension\/(src|test|out|webview|scripts)\//.test(e)), [], 'no sources, tests or build output');
    const size = fs.statSync(vsix).size;
    console.log(`      .vsix: ${(size / 1024).toFixed(0)} KB, ${entries.length} files`);
    // The budget of the 16384-token model (7 MB of F16 weights): at most 10 MB.
    assert.ok(size < 10 * 1024 * 1024, `.vsix is ${size} bytes, over 10 MB`);
  });

  it('installs with --install-extension and the installed copy runs Visualize Attention', async () => {
    const extensionsDir = path.join(scratch, 'extensions');
    fs.mkdirSync(extensionsDir);
    const out: string = harness.installVsix(vsix, extensionsDir);
    assert.match(out, /was successfully installed/);
    assert.ok(fs.readdirSync(extensionsDir).some((d) => d.startsWith('transformer-xray.transformer-xray-')), 'installed into the extensions folder');
    s = await openWorkbench({ development: false, extensionsDir });
    const page = s.page;
    await openFile(page, 'attention.py');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    const frame = webviewFrame(page);
    await frame.locator('.xr-tab-heatmap canvas').first().waitFor({ timeout: 90_000 });
    assert.strictEqual(await frame.locator('h1').textContent(), 'attention.py, line 1');
    // The production bundles: the model runs in the shipped engine worker.
    assert.match((await frame.locator('.backend').textContent()) ?? '', /\(in a Web Worker\)/);
    await frame.locator('vscode-panel-tab', { hasText: 'Tokens' }).first().click();
    await frame.locator('.xr-token-chip').first().waitFor({ timeout: 30_000 });
    const texts = await frame.locator('.xr-token-chip .xr-token-text').allTextContents();
    assert.strictEqual(texts.join('').replace(/␣/g, ' '), 'import math');
    await screenshot(page, 'installed-vsix.png');
  });
});
