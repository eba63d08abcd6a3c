import * as assert from 'assert';
import { closeWorkbench, openFile, openWorkbench, runFromPalette, screenshot, webviewFrame, type Session } from './workbench';

describe('UI: Visualize Attention from the command palette', function () {
  this.timeout(180_000);
  let s: Session | undefined;
  before(async () => {
    s = await openWorkbench({ development: true });
  });
  after(() => closeWorkbench(s));

  it('selects code, runs the command by typing its title, and the panel shows the tokens with their positions', async () => {
    const page = s!.page;
    await openFile(page, 'greet.ts');
    // Select the first two lines with the keyboard.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    const frame = webviewFrame(page);
    await frame.locator('.xr-tab-heatmap canvas').first().waitFor({ timeout: 90_000 });
    await frame.locator('vscode-panel-tab', { hasText: 'Tokens' }).first().click();
    const chips = frame.locator('.xr-token-chip');
    await chips.first().waitFor({ timeout: 30_000 });
    const texts = await frame.locator('.xr-token-chip .xr-token-text').allTextContents();
    const positions = await frame.locator('.xr-token-chip .xr-token-meta span:first-child').allTextContents();
    const selected = 'export function greet(userName: string): string {\n  const greeting = `Hello, ${userName}!`;';
    assert.strictEqual(texts.join('').replace(/␣/g, ' ').replace(/↵/g, '\n'), selected, 'the tokens spell the selected lines');
    assert.deepStrictEqual(positions, texts.map((_, i) => String(i)), 'positions count from 0');
    assert.strictEqual(await frame.locator('h1').textContent(), 'greet.ts, lines 1–2');
    const backend = await frame.locator('.backend').textContent();
    assert.match(backend ?? '', /^Backend: (webgl|wasm|cpu) — /);
    await screenshot(page, 'visualize-attention.png');
  });
});
