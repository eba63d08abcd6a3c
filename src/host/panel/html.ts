/**
 * The webview's HTML and its Content Security Policy. No `vscode` import, so tests can read the policy.
 *
 * The policy allows only the extension's own files (cspSource), scripts only with this load's nonce,
 * no 'unsafe-eval'; 'wasm-unsafe-eval' lets the wasm backend compile its module, and connect-src
 * lets it fetch its .wasm file from the extension's own folder. The model runs in a dedicated Web
 * Worker: a webview cannot start one from its (cross-origin) resource URL, so the page fetches the
 * extension's own dist/engine-worker.js (connect-src) and starts it from a blob: URL, which is all
 * worker-src allows. The worker inherits this policy (a blob: worker takes its creator's).
 */
import { randomBytes } from 'crypto';
import { WASM_SIMD_FILE } from '../../shared/engine-files';
export interface WebviewHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** Folder URI the wasm backend loads its .wasm files from (ends with '/'). */
  wasmBaseUri: string;
  /** URI of dist/engine-worker.js, the engine's Web Worker (fetched, then started from a blob: URL). */
  workerUri: string;
  /** URI of dist/page-engine.js, the engine on the page's own thread, loaded only when the page falls back to it. */
  pageEngineUri: string;
  /** The backend setting, so that the page starts its engine before the first run arrives. */
  backend: string;
  /** The shipped model's weights (its id, their URL), fetched and built as soon as the page loads. */
  shippedWeights?: { modelId: string; uri: string };
}

/**
 * What the page fetches for its engine, asked for while the HTML is read, so that the downloads run
 * beside that of the page's own script rather than after it (the page's fetch() then reuses them).
 */
function preloads(i: WebviewHtmlInput): string[] {
  return [i.workerUri, i.wasmBaseUri + WASM_SIMD_FILE, ...(i.shippedWeights ? [i.shippedWeights.uri] : [])];
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    // The UI toolkit adds one <style> probe, allowed by this load's nonce (read from the csp-nonce meta).
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function webviewHtml(i: WebviewHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(i.cspSource, i.nonce))}">
<meta property="csp-nonce" content="${i.nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(i.styleUri)}">
${preloads(i).map((u) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeAttr(u)}">`).join('\n')}
<title>Transformer X-Ray</title>
</head>
<body data-wasm-base="${escapeAttr(i.wasmBaseUri)}" data-engine-worker="${escapeAttr(i.workerUri)}" data-page-engine="${escapeAttr(i.pageEngineUri)}" data-backend="${escapeAttr(i.backend)}"${i.shippedWeights ? ` data-shipped-model="${escapeAttr(i.shippedWeights.modelId)}" data-shipped-weights="${escapeAttr(i.shippedWeights.uri)}"` : ''}>
<main id="app" aria-live="polite"><p class="status">Starting TensorFlow.js…</p></main>
<script nonce="${i.nonce}" src="${escapeAttr(i.scriptUri)}"></script>
</body>
</html>`;
}

/** 32 random alphanumerics from a cryptographic source. */
export function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join('');
}
