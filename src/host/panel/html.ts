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
export interface WebviewHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** Folder URI the wasm backend loads its .wasm files from (ends with '/'). */
  wasmBaseUri: string;
  /** URI of dist/engine-worker.js, the engine's Web Worker (fetched, then started from a blob: URL). */
  workerUri: string;
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
<title>Transformer X-Ray</title>
</head>
<body data-wasm-base="${escapeAttr(i.wasmBaseUri)}" data-engine-worker="${escapeAttr(i.workerUri)}">
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
