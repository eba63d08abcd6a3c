import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contrastRatio, parseRgb, relativeLuminance } from './contrast';
import { countColour, hasPngSignature, readPng, type PngImage } from './png';
import {
  chooseKind,
  closeWorkbench,
  exportThroughSaveDialog,
  openFile,
  openWorkbench,
  panelFrame,
  runFromPalette,
  screenshot,
  screenshotElement,
  waitForThemeType,
  visualizeLines,
  waitInWebview,
  type Session,
} from './workbench';
import type { FrameLocator, Page } from './playwright';
import { MASKED_FILL } from '../../webview/views/heatmap/heatmap-cells';
import { VIRIDIS } from '../../webview/views/shared/colormaps';
import { parseCsv } from './csv';

/** Clicks a toolkit tab by its label (vscode-panel-tab elements). */
async function openTab(frame: FrameLocator, label: string): Promise<void> {
  await frame.locator('vscode-panel-tab', { hasText: label }).first().click();
}

/** Where a tab's view starts, in CSS pixels from the webview's left edge. */
async function viewLeft(frame: FrameLocator, tabClass: string): Promise<number> {
  return frame.locator(`.xr-tab-${tabClass} .xr-view`).first().evaluate((v) => v.getBoundingClientRect().left);
}

async function viewTitle(frame: FrameLocator, tabClass: string): Promise<string> {
  return (await frame.locator(`.xr-tab-${tabClass} .xr-view-title`).first().textContent()) ?? '';
}

/** The number of tokens of the run, as the panel's backend line says it ("· 23 tokens"). */
async function tokenCount(frame: FrameLocator): Promise<number> {
  const n = Number(/(\d+) tokens/.exec((await frame.locator('.backend').textContent()) ?? '')?.[1]);
  assert.ok(n > 1, 'the backend line gives the token count');
  return n;
}

/**
 * The colours the heatmap canvas paints its labels and background with: VS Code's
 * --vscode-foreground and --vscode-editor-background, resolved to rgb() by the browser.
 */
async function heatmapThemeColours(frame: FrameLocator): Promise<{ foreground: string; background: string }> {
  return frame.locator('.xr-tab-heatmap .xr-matrix').first().evaluate((matrix) => {
    // A CSSOM style, not a style attribute: the webview's CSP allows only the former.
    const probe = document.createElement('span');
    matrix.append(probe);
    const resolve = (name: string) => {
      probe.style.color = `var(${name})`;
      return getComputedStyle(probe).color;
    };
    const colours = { foreground: resolve('--vscode-foreground'), background: resolve('--vscode-editor-background') };
    probe.remove();
    return colours;
  });
}

/** What a picture of a heatmap holds, counted in its pixels. */
interface HeatmapPixels {
  /** Pixels of the masked cells' grey, and of its lighter stripes. */
  maskedFill: number;
  maskedStripes: number;
  /** Pixels coloured like an entry of the viridis colour map (the weight cells, the legend ramp). */
  viridis: number;
  /** The most distinct viridis entries on one pixel row: the cells give one per column, the legend ramp ~180. */
  widestRamp: number;
}

/**
 * Cells are painted pixel for pixel (exact colours); the legend ramp is 1.5-px rectangles that can
 * sit between device pixels and blend two neighbouring entries, so a colour within `tolerance` of
 * an entry counts as that entry.
 */
function heatmapPixels(image: PngImage, tolerance = 4): HeatmapPixels {
  const entry = new Map<number, number>();
  const viridisIndex = (r: number, g: number, b: number): number => {
    const key = (r << 16) | (g << 8) | b;
    let found = entry.get(key);
    if (found === undefined) {
      found = -1;
      for (let i = 0, best = tolerance + 1; i < VIRIDIS.length / 3; i++) {
        const d = Math.max(Math.abs(VIRIDIS[3 * i] - r), Math.abs(VIRIDIS[3 * i + 1] - g), Math.abs(VIRIDIS[3 * i + 2] - b));
        if (d < best) {
        best = d;
        found = i;
      }
      }
      entry.set(key, found);
    }
    return found;
  };
  const fill = MASKED_FILL.rgb;
  const stripe = MASKED_FILL.hatch!.rgb;
  const out: HeatmapPixels = { maskedFill: 0, maskedStripes: 0, viridis: 0, widestRamp: 0 };
  const p = image.rgba;
  for (let y = 0; y < image.height; y++) {
    const row = new Set<number>();
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if (p[i] === fill[0] && p[i + 1] === fill[1] && p[i + 2] === fill[2]) out.maskedFill++;
      else if (p[i] === stripe[0] && p[i + 1] === stripe[1] && p[i + 2] === stripe[2]) out.maskedStripes++;
      else {
        const v = viridisIndex(p[i], p[i + 1], p[i + 2]);
        if (v >= 0) {
        out.viridis++;
        row.add(v);
      }
      }
    }
    out.widestRamp = Math.max(out.widestRamp, row.size);
  }
  return out;
}

/**
 * Decoder self-attention over n tokens masks the n(n-1)/2 cells above the diagonal: checks that a
 * picture of it shows that share of its cells as the hatched grey, and the legend's colour ramp.
 */
function assertCausalHeatmapPicture(px: HeatmapPixels, n: number, what: string): void {
  const masked = px.maskedFill + px.maskedStripes;
  const share = masked / (masked + px.viridis);
  const expected = (n - 1) / (2 * n);
  assert.ok(Math.abs(share - expected) < 0.05, `${what}: masked cells are ${share.toFixed(3)} of the cells' pixels, expected ${expected.toFixed(3)} (${JSON.stringify(px)})`);
  // Stripes 2 px wide every 6 px: about a third of the masked pixels; a flat grey would give 0.
  const stripes = px.maskedStripes / masked;
  assert.ok(stripes > 0.15 && stripes < 0.5, `${what}: masked cells are hatched (stripes ${stripes.toFixed(3)} of their pixels)`);
  assert.ok(px.widestRamp >= 100, `${what}: the legend's colour ramp is drawn (${px.widestRamp} distinct colours on its widest row)`);
}

/** The on-screen heatmap canvas, as a PNG image (the canvas is the webview's own, never tainted). */
async function heatmapCanvasImage(frame: FrameLocator): Promise<PngImage> {
  const url = await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'));
  return readPng(new Uint8Array(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64')));
}

/** The CSS size of the on-screen heatmap canvas, as its style sets it. */
async function heatmapCanvasCssSize(frame: FrameLocator): Promise<{ width: number; height: number }> {
  return frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().evaluate((c) => ({ width: parseFloat(c.style.width), height: parseFloat(c.style.height) }));
}

describe('UI: the attention panel as a person uses it', function () {
  this.timeout(300_000);
  let s: Session | undefined;
  let page: Page;
  let frame: FrameLocator;
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xray-export-'));

  before(async () => {
    s = await openWorkbench({ development: true });
    page = s.page;
    // Lines 4-6: the function header, its docstring and the d_k line.
    frame = await visualizeLines(page, 'attention.py', 4, 3);
  });
  after(() => closeWorkbench(s));

  it('shows the encoder self-attention heatmap first, with queries and keys labelled', async () => {
    assert.strictEqual(await viewTitle(frame, 'heatmap'), 'Encoder self-attention · Layer 1 · Head 1');
    assert.match((await frame.locator('h1').textContent()) ?? '', /^attention\.py, lines 4–6$/);
    // No GPU here: 'auto' finds WebGL software-rendered (SwiftShader), says so, and runs on wasm.
    // The model runs in the engine's Web Worker (issue 15): the backend line says so, and so does the page.
    assert.match((await frame.locator('.backend').textContent()) ?? '', /^Backend: wasm — WebAssembly.* \(in a Web Worker\) · forward pass \d+ ms · \d+ tokens$/);
    assert.strictEqual(await (await panelFrame(page)).evaluate('xrayDebug.engine()'), 'worker');
    console.log(`      ${await frame.locator('.backend').textContent()}`);
    assert.match((await frame.locator('.notice.fallback').textContent()) ?? '', /WebGL is rendered in software here \(ANGLE .*SwiftShader.*\), slower than WebAssembly/);
    await screenshot(page, 'panel-heatmap-dark.png');
  });

  it('switches to decoder masked self-attention and layer 2, head 3', async () => {
    await chooseKind(frame, 'Decoder masked self-attention');
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Decoder masked self-attention · Layer 1' }).waitFor();
    await frame.locator('vscode-dropdown').nth(0).click();
    await frame.locator('vscode-option', { hasText: 'Layer 2' }).first().click();
    await frame.locator('vscode-dropdown').nth(1).click();
    await frame.locator('vscode-option', { hasText: 'Head 3' }).first().click();
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Decoder masked self-attention · Layer 2 · Head 3' }).waitFor();
    await screenshot(page, 'panel-decoder-masked-dark.png');
  });

  it('reads exact weights with the keyboard: the cell above the diagonal is masked, with weight 0', async () => {
    const canvas = frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first();
    await canvas.click({ timeout: 10_000 });
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowRight'); // query 0 (<s>), key 1: in the future of <s>
    const live = frame.locator('.xr-tab-heatmap [aria-live]').first();
    await page.waitForTimeout(300);
    const said = (await live.textContent()) ?? '';
    assert.match(said, /weight 0\.0000/, said);
    assert.match(said, /query “<s>” · pos 0 · decoder input, key “def” · pos 1/, said);
    assert.match(said, /masked: set to −∞ before softmax/, said);
  });

  it('every view draws: all heads, arcs, masks, positional encoding, model, tokens', async () => {
    const views: [string, string, string][] = [
      ['All heads', 'overview', '.xr-overview-grid'],
      ['Arcs', 'arcs', 'svg'],
      ['Masks', 'masks', 'canvas, svg'],
      ['Positional encoding', 'positions', 'canvas'],
      ['Model', 'model', 'table'],
      ['Tokens', 'tokens', '.xr-token, [class*="token"]'],
    ];
    const heatmapLeft = await viewLeft(frame, 'heatmap');
    for (const [label, tab, selector] of views) {
      await openTab(frame, label);
      await frame.locator(`.xr-tab-${tab} ${selector.split(', ').join(`, .xr-tab-${tab} `)}`).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(200);
      await screenshot(page, `panel-${tab}-dark.png`);
      const left = await viewLeft(frame, tab);
      assert.ok(Math.abs(left - heatmapLeft) < 1, `the ${label} view starts at x = ${left}, the heatmap at ${heatmapLeft}: its left edge is cut off`);
    }
    await openTab(frame, 'Heatmap');
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 30_000 });
  });

  it('exports the attention maps as CSV through VS Code\'s save dialog', async () => {
    const target = path.join(exportDir, 'attention.csv');
    const suggested = await exportThroughSaveDialog(page, frame, 'CSV', target);
    assert.match(suggested, /attention-decoder-self\.csv$/, 'the dialog suggests a name for the attention kind shown');
    const rows = parseCsv(fs.readFileSync(target, 'utf8'));
    assert.deepStrictEqual(rows[0], ['layer', 'head', 'query_position', 'query_token', 'key_position', 'key_token', 'weight']);
    // Decoder self-attention: N = 3 layers x h = 4 heads x n x n cells, one row each.
    const n = await tokenCount(frame);
    assert.strictEqual(rows.length - 1, 3 * 4 * n * n);
    const firstQuery = rows.slice(1, n + 1);
    assert.strictEqual(firstQuery[0][3], '<s>');
    assert.ok(Math.abs(Number(firstQuery[0][6]) - 1) < 1e-5, '<s> attends only to itself under the causal mask');
    assert.ok(firstQuery.slice(1).every((r) => Number(r[6]) === 0), 'and gives every later token exactly 0');
  });

  it('exports the heatmap shown as PNG through the save dialog: the picture on screen, at twice its size', async () => {
    await openTab(frame, 'Heatmap');
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 30_000 });
    const shown = await heatmapCanvasCssSize(frame);
    const { background } = await heatmapThemeColours(frame);
    const target = path.join(exportDir, 'heatmap.png');
    const suggested = await exportThroughSaveDialog(page, frame, 'PNG', target);
    assert.match(suggested, /attention-decoder-self-layer2-head3\.png$/, 'the suggested name says which map it is');
    const file = new Uint8Array(fs.readFileSync(target));
    assert.ok(hasPngSignature(file), 'the file starts with the PNG signature');
    const png = readPng(file);
    // PNG export draws the same layout at 2 device pixels per CSS pixel.
    assert.strictEqual(png.width, Math.ceil(shown.width * 2), `PNG width for a canvas ${shown.width} px wide`);
    assert.strictEqual(png.height, Math.ceil(shown.height * 2), `PNG height for a canvas ${shown.height} px high`);
    assert.ok(png.width > 200 && png.height > 200, `${png.width} x ${png.height}`);
    assert.deepStrictEqual([...png.rgba.subarray(0, 3)], parseRgb(background).slice(0, 3), 'its background is the theme\'s editor background');
    assertCausalHeatmapPicture(heatmapPixels(png), await tokenCount(frame), 'the exported PNG');
  });

  it('exports the heatmap as SVG through the save dialog: an <svg> with the token labels, the cells and the legend', async () => {
    // The tokens as the Tokens tab lists them; the decoder reads <s> and then the source shifted right by one.
    await openTab(frame, 'Tokens');
    await frame.locator('.xr-tab-tokens .xr-token-text').first().waitFor({ timeout: 30_000 });
    const source = await frame.locator('.xr-tab-tokens .xr-token-text').allTextContents();
    const n = await tokenCount(frame);
    assert.strictEqual(source.length, n);
    const decoderInput = ['<s>', ...source.slice(0, -1)];
    await openTab(frame, 'Heatmap');
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 30_000 });
    const title = await viewTitle(frame, 'heatmap');
    const shown = await heatmapCanvasCssSize(frame);

    const target = path.join(exportDir, 'heatmap.svg');
    const suggested = await exportThroughSaveDialog(page, frame, 'SVG', target);
    assert.match(suggested, /attention-decoder-self-layer2-head3\.svg$/);
    const text = fs.readFileSync(target, 'utf8');
    // Parsed as XML by the browser's own parser, as an image viewer or a slide tool would.
    const svg = await page.evaluate((source: string) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      const root = doc.documentElement;
      const cells = [...doc.querySelectorAll('g[shape-rendering="crispEdges"] > path')];
      const subpaths = (p: Element) => (p.getAttribute('d')?.match(/M/g) ?? []).length;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: root.localName,
        namespace: root.namespaceURI,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        title: doc.querySelector('svg > title')?.textContent ?? '',
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
        cells: cells.reduce((sum, p) => sum + subpaths(p), 0),
        colours: new Set(cells.map((p) => p.getAttribute('fill'))).size,
        hatchedCells: cells.filter((p) => /^url\(#/.test(p.getAttribute('fill') ?? '')).reduce((sum, p) => sum + subpaths(p), 0),
        patterns: [...doc.querySelectorAll('pattern')].map((p) => p.id),
        rampStops: doc.querySelectorAll('linearGradient stop').length,
      };
    }, text);
    assert.strictEqual(svg.error, null, 'the SVG parses as XML');
    assert.strictEqual(svg.root, 'svg');
    assert.strictEqual(svg.namespace, 'http://www.w3.org/2000/svg');
    assert.strictEqual(svg.width, shown.width, 'laid out like the canvas on screen');
    assert.ok(svg.height >= shown.height, `${svg.height} px high, the canvas ${shown.height}`);
    assert.strictEqual(svg.title, title, 'it says which map it shows');
    assert.ok(svg.texts.includes(title), 'with a caption');

    // Row labels (queries) then column labels (keys), in order: the decoder input, each label the
    // token made visible, shortened with … when long. Long inputs label every k-th token only,
    // numbered ("5: _d"): then the numbers must step evenly over the whole axis.
    const first = svg.texts.findIndex((x) => x === '<s>' || x === '0: <s>');
    assert.ok(first >= 0, `no <s> label among ${JSON.stringify(svg.texts)}`);
    const thinned = svg.texts[first] === '0: <s>';
    const end = svg.texts.indexOf(svg.texts[first], first + 1);
    assert.ok(end > first + 1, `row labels, then column labels: ${JSON.stringify(svg.texts)}`);
    const rows = svg.texts.slice(first, end);
    const cols = svg.texts.slice(end, end + rows.length);
    assert.deepStrictEqual(cols, rows, 'keys and queries are the same tokens in decoder self-attention');
    const parsed = rows.map((label, i) => {
      const m = thinned ? /^(\d+): (.*)$/s.exec(label) : null;
      return m ? { position: Number(m[1]), text: m[2] } : { position: i, text: label };
    });
    const step = thinned ? parsed[1].position : 1;
    assert.deepStrictEqual(parsed.map((l) => l.position), parsed.map((_, i) => i * step), `labels step evenly: ${JSON.stringify(rows)}`);
    assert.ok(parsed[parsed.length - 1].position >= n - step, `labels reach the end of the axis (${n} tokens): ${JSON.stringify(rows)}`);
    const fits = (label: string, token: string) => label === token || (label.endsWith('…') && token.startsWith(label.slice(0, -1)));
    const misfits = parsed.filter((l) => !fits(l.text, decoderInput[l.position]));
    assert.deepStrictEqual(misfits, [], `labels ${JSON.stringify(rows)} for the tokens ${JSON.stringify(decoderInput)}`);

    // One vector cell per (query, key), coloured; the n(n-1)/2 above the diagonal with the hatch pattern.
    assert.strictEqual(svg.cells, n * n, 'one cell per query and key');
    assert.ok(svg.colours >= 3, `${svg.colours} fills: viridis colours for the weights and the masked pattern`);
    assert.strictEqual(svg.hatchedCells, (n * (n - 1)) / 2, 'the causal mask hides the cells above the diagonal');
    assert.ok(svg.patterns.length >= 2, `a hatch pattern for the cells and one for the legend's swatch: ${svg.patterns}`);
    assert.ok(svg.rampStops >= 2, 'the legend has its colour ramp');
    assert.ok(svg.texts.some((t) => t.startsWith('Attention weight')), 'and its title');
    assert.ok(svg.texts.some((t) => t.startsWith('masked:')), 'and explains the hatched cells');
  });

  it('comes back after the window reloads, showing the same analysis', async () => {
    // Leave the Masks tab showing before the reload: it must come back on that tab.
    await openTab(frame, 'Masks');
    await frame.locator('.xr-tab-masks canvas, .xr-tab-masks svg').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    try {
      frame = await waitInWebview(page, '.xr-run-header h1', 120_000);
    } catch (e) {
      await screenshot(page, 'panel-restore-failed.png');
      throw e;
    }
    assert.match((await frame.locator('h1').textContent()) ?? '', /^attention\.py, lines 4–6$/);
    // The host records each view change as it happens (VS Code saves the webview's own state later).
    const selected = 'vscode-panel-tab[aria-selected="true"]';
    await frame.locator(selected, { hasText: 'Masks' }).first().waitFor({ timeout: 30_000 });
    assert.strictEqual((await frame.locator(selected).allTextContents()).map((t) => t.trim()).join(), 'Masks', 'the tab shown before the reload');
    await openTab(frame, 'Heatmap');
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 30_000 });
    assert.strictEqual(await viewTitle(frame, 'heatmap'), 'Decoder masked self-attention · Layer 2 · Head 3', 'the view choices survive');
    await screenshot(page, 'panel-restored.png');
  });

  it('ran the real bundle, every view and the exports without a Content Security Policy violation', () => {
    assert.deepStrictEqual(s!.csp.seen, []);
  });

  it('the CSP collector sees a violation that we provoke in the webview', async () => {
    const before = s!.csp.seen.length;
    // An image from outside the extension (img-src) and an inline script without the nonce (script-src).
    await frame.locator('body').evaluate((body) => {
      const img = document.createElement('img');
      img.className = 'xr-csp-probe';
      img.src = 'https://example.com/csp-probe.png';
      const script = document.createElement('script');
      script.className = 'xr-csp-probe';
      script.textContent = 'window.xrCspProbeRan = true;';
      body.append(img, script);
    });
    for (let i = 0; i < 50 && s!.csp.seen.length < before + 2; i++) await page.waitForTimeout(200);
    const fresh = s!.csp.seen.slice(before);
    assert.ok(fresh.some((v) => /example\.com\/csp-probe\.png/.test(v) && /img-src/.test(v)), `the blocked image: ${JSON.stringify(fresh)}`);
    assert.ok(fresh.some((v) => /inline script/i.test(v) && /script-src/.test(v)), `the blocked inline script: ${JSON.stringify(fresh)}`);
    assert.strictEqual(await frame.locator('body').evaluate(() => (window as unknown as { xrCspProbeRan?: boolean }).xrCspProbeRan), undefined, 'and the script did not run');
    await frame.locator('body').evaluate((body) => body.querySelectorAll('.xr-csp-probe').forEach((e) => e.remove()));
    s!.csp.clear();
  });
});

/**
 * The themes the panel is drawn in besides the panel suite's dark one: what VS Code's workbench and
 * the webview body must then say, and the least contrast the heatmap's labels must have (WCAG AA 4.5
 * for text; AAA 7 in the high-contrast themes, which exist for people who need it).
 */
const THEMES = [
  { slug: 'light', theme: 'Default Light Modern', workbench: 'vs', kind: 'vscode-light', dark: false, minContrast: 4.5 },
  { slug: 'hc-dark', theme: 'Default High Contrast', workbench: 'hc-black', kind: 'vscode-high-contrast', dark: true, minContrast: 7 },
  { slug: 'hc-light', theme: 'Default High Contrast Light', workbench: 'hc-light', kind: 'vscode-high-contrast-light', dark: false, minContrast: 7 },
] as const;

/** The text colour of an element and the colour behind it (the first ancestor with an opaque background). */
async function textColours(frame: FrameLocator, selector: string): Promise<{ color: string; background: string }> {
  return frame.locator(selector).first().evaluate((e) => {
    let bg = 'rgba(0, 0, 0, 0)';
    for (let at: Element | null = e; at; at = at.parentElement) {
      const c = getComputedStyle(at).backgroundColor;
      if (!/^rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') {
        bg = c;
        break;
      }
    }
    return { color: getComputedStyle(e).color, background: bg };
  });
}

for (const t of THEMES) {
  describe(`UI: every view in the ${t.slug} theme`, function () {
    this.timeout(300_000);
    let s: Session | undefined;
    after(() => closeWorkbench(s));

    it(`opens in ${t.theme}, readable, and draws each tab (screenshots)`, async () => {
      s = await openWorkbench({ development: true, theme: t.theme });
      const page = s.page;
      assert.strictEqual(await waitForThemeType(page, t.workbench, 30_000), t.workbench, `the workbench shows ${t.theme}`);
      await openFile(page, 'greet.ts');
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
      await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
      const frame = await waitInWebview(page, '.xr-tab-heatmap canvas.xr-matrix-canvas', 90_000);

      // The webview is told the theme: its body's class and data-vscode-theme-kind.
      const body = await frame.locator('body').evaluate((b) => ({ classes: [...b.classList], kind: b.dataset.vscodeThemeKind, background: getComputedStyle(b).backgroundColor }));
      assert.strictEqual(body.kind, t.kind);
      assert.ok(body.classes.includes(t.kind), `body classes ${body.classes}`);
      // VS Code gives the light high-contrast theme both classes; the dark one only vscode-high-contrast.
      assert.strictEqual(body.classes.includes('vscode-high-contrast'), t.slug.startsWith('hc'), `body classes ${body.classes}`);
      assert.strictEqual(body.classes.includes('vscode-high-contrast-light'), t.slug === 'hc-light', `body classes ${body.classes}`);
      // The webview takes its colours from the theme: the body's background is the editor's.
      const luminance = relativeLuminance(body.background);
      assert.ok(t.dark ? luminance < 0.05 : luminance > 0.6, `${t.theme} background ${body.background}`);

      await screenshot(page, `panel-heatmap-${t.slug}.png`);
      // Readability of the heatmap: its labels are drawn in these colours on this background.
      const heatmap = await heatmapThemeColours(frame);
      const labels = contrastRatio(heatmap.foreground, heatmap.background);
      assert.ok(labels >= t.minContrast, `axis labels ${heatmap.foreground} on ${heatmap.background}: contrast ${labels.toFixed(2)} < ${t.minContrast}`);
      const canvas = await heatmapCanvasImage(frame);
      assert.deepStrictEqual([...canvas.rgba.subarray(0, 3)], parseRgb(heatmap.background).slice(0, 3), 'the canvas is painted on that background');
      // ... and its text in that foreground: the cores of the glyphs of its labels and titles.
      const inForeground = countColour(canvas, parseRgb(heatmap.foreground), 16);
      assert.ok(inForeground >= 300, `the canvas draws its labels in ${heatmap.foreground}: ${inForeground} pixels of it`);
      // And the page's own text, against what is behind it.
      for (const selector of ['h1', '.xr-tab-heatmap .xr-view-title', '.xr-tab-heatmap .xr-hint', '.xr-control-label', '.backend']) {
        const c = await textColours(frame, selector);
        const ratio = contrastRatio(c.color, c.background);
        assert.ok(ratio >= t.minContrast, `${selector}: ${c.color} on ${c.background}, contrast ${ratio.toFixed(2)} < ${t.minContrast}`);
      }

      // Masked cells (hatched) and the legend, in this theme's pixels.
      await chooseKind(frame, 'Decoder masked self-attention');
      await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Decoder masked self-attention' }).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(300);
      assertCausalHeatmapPicture(heatmapPixels(await heatmapCanvasImage(frame)), await tokenCount(frame), `the heatmap in ${t.theme}`);
      await screenshot(page, `panel-heatmap-masked-${t.slug}.png`);
      // The plot whole (labels, cells, legend), which the window shows only in part.
      await screenshotElement(frame.locator('.xr-tab-heatmap .xr-matrix').first(), `panel-heatmap-masked-${t.slug}-plot.png`);

      // Every view starts where the heatmap does: choosing a tab must not scroll the views sideways.
      const heatmapLeft = await viewLeft(frame, 'heatmap');
      for (const [label, tab] of [['All heads', 'overview'], ['Arcs', 'arcs'], ['Masks', 'masks'], ['Positional encoding', 'positions'], ['Model', 'model'], ['Tokens', 'tokens']]) {
        await openTab(frame, label);
        await frame.locator(`.xr-tab-${tab} .xr-view`).first().waitFor({ timeout: 30_000 });
        await page.waitForTimeout(200);
        await screenshot(page, `panel-${tab}-${t.slug}.png`);
        const left = await viewLeft(frame, tab);
        assert.ok(Math.abs(left - heatmapLeft) < 1, `the ${label} view starts at x = ${left}, the heatmap at ${heatmapLeft}: its left edge is cut off`);
      }
      assert.deepStrictEqual(s.csp.seen, [], 'no Content Security Policy violation');
    });
  });
}
