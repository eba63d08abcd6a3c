/**
 * Command to first picture in a real VS Code (code-server in headless Chromium, driven as the UI
 * tests do): select lines 4-11 of attention.py (about 200 tokens), press Enter on "Transformer X-Ray: Visualize
 * Attention" in the palette, and stop the clock when the webview's heatmap canvas is there.
 * Cold: the panel is not open (the first run of the session apart: it also starts the webview's
 * TensorFlow.js). Warm: the panel is open and the selection changed. followSelection is off, so
 * only the command starts a run. Arguments: repetitions (3), transformerXray.backend (auto). Prints one JSON object on the last line of stdout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harness, webviewFrame, openFile, panelFrame, ROOT } from '../../test/ui/workbench';
import type { Browser, Page } from '../../test/ui/playwright';

const CANVAS = '.xr-tab-heatmap canvas.xr-matrix-canvas';
const TITLE = 'Transformer X-Ray: Visualize Attention';

async function palette(page: Page): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${TITLE}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: TITLE }).first().waitFor({ timeout: 20_000 });
}

/** Presses Enter and waits for a heatmap canvas of a new run (the old header is marked first). */
async function timedRun(page: Page, panelOpen: boolean): Promise<{ ms: number; header: string; t0: number }> {
  const frame = webviewFrame(page);
  if (panelOpen) await frame.locator('.backend').first().evaluate((e) => e.setAttribute('data-old', '1'));
  await palette(page);
  const t0 = Date.now();
  await page.keyboard.press('Enter');
  const fresh = webviewFrame(page);
  await fresh.locator('.backend:not([data-old])').first().waitFor({ timeout: 120_000 });
  await fresh.locator(CANVAS).first().waitFor({ state: 'visible', timeout: 120_000 });
  const ms = Date.now() - t0;
  return { ms, t0, header: (await fresh.locator('.backend').first().textContent()) ?? '' };
}

/** Where the first run's time went: the panel's startup marks (webview/startup-marks.ts) against the clock started at Enter. */
async function startupBreakdown(page: Page, t0: number): Promise<Record<string, number>> {
  const webview = await panelFrame(page);
  const marks = await webview.evaluate<Record<string, number>>('xrayDebug.startupMarks()');
  // The webview's outer frame (VS Code's webview host page, with its service worker) starts first.
  const outer = (webview as unknown as { parentFrame(): typeof webview | null }).parentFrame();
  if (outer) marks.outerNavigationStart = await outer.evaluate<number>('performance.timeOrigin');
  // When each download of the page ended (the preloads run beside its script's).
  const downloads = await webview.evaluate<[string, number][]>(`performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop(), performance.timeOrigin + e.responseEnd])`);
  for (const [file, end] of downloads) marks[`downloaded ${file}`] = end;
  return Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, k.endsWith('Ms') ? Math.round(v) : Math.round(v - t0)]));
}

/** Selects lines 4 to 11 of attention.py (about 200 tokens), fewer lines at the end with `shrinkLines`. */
async function selectLines(page: Page, shrinkLines: number): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 8 - shrinkLines; i++) await page.keyboard.press('Shift+ArrowDown');
}

/**
 * Responsiveness at the longest selection the model takes: all of export_checkpoint.py (cut to
 * 512 tokens), run with the panel open, while a PerformanceObserver in the webview records every
 * long task (> 50 ms: the page could not answer input or paint meanwhile).
 */
async function longestSelection(page: Page, reps: number): Promise<{ ms: number; header: string; longTasksMs: number[]; workbenchLongTasksMs: number[] }[]> {
  await openFile(page, 'export_checkpoint.py');
  const webview = await panelFrame(page);
  const runs: { ms: number; header: string; longTasksMs: number[]; workbenchLongTasksMs: number[] }[] = [];
  for (let i = 0; i < reps; i++) {
    await webview.evaluate(`(() => {
      window.__xrLong = [];
      window.__xrObserver?.disconnect();
      window.__xrObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__xrLong.push([e.duration, e.name]); });
      window.__xrObserver.observe({ type: 'longtask' });
    })()`);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    const r = await timedRun(page, true);
    await page.waitForTimeout(1000);
    // In code-server the workbench shares the webview's thread: its tasks (the palette, the editor's
    // selection and decorations) are reported to the webview too, attributed to an ancestor frame.
    const tasks = await webview.evaluate<[number, string][]>('window.__xrLong');
    runs.push({ ...r, longTasksMs: tasks.filter(([, who]) => who === 'self').map(([d]) => d), workbenchLongTasksMs: tasks.filter(([, who]) => who !== 'self').map(([d]) => d) });
    console.error(`512 tokens ${i + 1}: ${r.ms} ms, long tasks of the webview ${runs[i].longTasksMs.map((d) => d.toFixed(0)).join(', ')} ms, of the workbench ${runs[i].workbenchLongTasksMs.map((d) => d.toFixed(0)).join(', ')} ms (${r.header})`);
  }
  return runs;
}

/** The host's timings of each run (visualize-command.ts logs them to the Transformer X-Ray output channel). */
function hostTimings(userDataDir: string): string[] {
  const logs: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('Transformer X-Ray.log')) logs.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return logs.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.includes('after the command')).map((l) => l.replace(/^.*\] /, '')));
}

async function main(): Promise<void> {
  const reps = Number(process.argv[2] ?? 3);
  const backend = process.argv[3] ?? 'auto';
  const server = await harness.startServer({ settings: { 'transformerXray.followSelection': false, 'transformerXray.backend': backend } });
  const browser: Browser = await harness.launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const payload = [['extensionDevelopmentPath', harness.remoteUri(server, ROOT)]];
    const t0 = Date.now();
    await page.goto(harness.workbenchUrl(server, path.join(ROOT, 'media', 'samples'), payload));
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    const workbenchMs = Date.now() - t0;
    // A user opens a file and selects code before the first run: the workbench has settled by then.
    await page.waitForTimeout(Number(process.env.XR_BENCH_SETTLE_MS ?? 3000));
    await openFile(page, 'attention.py');
    const cold: { ms: number; header: string; t0: number; startup?: Record<string, number> }[] = [];
    const warm: { ms: number; header: string }[] = [];
    for (let i = 0; i < reps; i++) {
      if (i > 0) {
        // Close the panel (and the file), open the file again: the panel is not open.
        await palette(page).then(() => page.keyboard.press('Escape'));
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget input').fill('>View: Close All Editors');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Close All Editors' }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.waitForTimeout(1500);
        await openFile(page, 'attention.py');
      }
      await selectLines(page, 0);
      cold.push(await timedRun(page, false));
      cold[i].startup = await startupBreakdown(page, cold[i].t0);
      console.error(`startup marks (ms after Enter): ${JSON.stringify(cold[i].startup)}`);
      console.error(`cold ${i + 1}: ${cold[i].ms} ms (${cold[i].header})`);
      for (let j = 0; j < 2; j++) {
        await page.waitForTimeout(500);
        await selectLines(page, 1 + ((i * 2 + j) % 3));
        const w = await timedRun(page, true);
        warm.push(w);
        console.error(`warm ${warm.length}: ${w.ms} ms (${w.header})`);
      }
    }
    const host = hostTimings(server.userDataDir);
    host.forEach((l) => console.error(`host: ${l}`));
    const maxLength = await longestSelection(page, reps);
    console.log(JSON.stringify({ backend, workbenchMs, cold, warm, maxLength, host }));
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
  }
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
