// Bundles the dev harness (webview/dev/harness.ts) into .cache/harness/ with an HTML page whose CSP
// is as strict as the real webview's: scripts only with the nonce, styles only from the page's own
// origin, images only from data:/blob:. Usage: node webview/dev/build-harness.mjs
// Then serve .cache/harness/ over http (screenshots.mjs does) — CSP 'self' does not match file:// URLs.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HARNESS_DIR = join(root, '.cache', 'harness');
const NONCE = 'xrHarnessNonce0123456789';

export const HARNESS_CSP = [
  "default-src 'none'",
  `script-src 'nonce-${NONCE}'`,
  `style-src 'self' 'nonce-${NONCE}'`,
  'img-src data: blob:',
  "font-src 'self'",
].join('; ');

const VIEWS = ['heatmap', 'overview', 'arcs', 'masks', 'masks-padding', 'positions', 'model', 'tokens'];

function page() {
  const panels = VIEWS.map((v) => `  <section class="harness-panel" id="view-${v}" data-view="${v}"></section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${HARNESS_CSP}">
  <!-- FAST (under the webview UI toolkit) probes :focus-visible support with a <style> element and
       gives it this nonce; without the meta the probe is a CSP violation. The real webview needs it too. -->
  <meta property="csp-nonce" content="${NONCE}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Transformer X-Ray — views harness</title>
  <link rel="stylesheet" href="harness.css">
</head>
<body>
  <p class="harness-banner"><strong>Synthetic demo data.</strong> Tokens come from a simple split of one line of code and the
  attention weights from hand-made patterns plus noise (valid distributions, causal zeros); the real app feeds model output.</p>
  <div id="harness-controls"></div>
  <div id="event-log" aria-live="polite"></div>
${panels}
  <script nonce="${NONCE}" src="harness.js"></script>
</body>
</html>
`;
}

export async function buildHarness() {
  mkdirSync(HARNESS_DIR, { recursive: true });
  await build({
    entryPoints: [join(root, 'webview', 'dev', 'harness.ts')],
    outfile: join(HARNESS_DIR, 'harness.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  writeFileSync(join(HARNESS_DIR, 'index.html'), page());
  return HARNESS_DIR;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = await buildHarness();
  console.log(`Harness built in ${dir} (serve it over http and open index.html).`);
}
