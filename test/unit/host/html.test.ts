import * as assert from 'assert';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../../src/host/panel/html';

describe('webview HTML and Content Security Policy', () => {
  const nonce = makeNonce();
  const html = webviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
    wasmBaseUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/',
    workerUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/engine-worker.js',
    pageEngineUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/page-engine.js',
    backend: 'auto',
  });
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

  it('denies everything by default', () => {
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
  });
  it('runs scripts only with this nonce, never inline or eval', () => {
    const script = directives.get('script-src') ?? [];
    assert.ok(script.includes(`'nonce-${nonce}'`));
    assert.ok(!script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'"));
    assert.deepStrictEqual(script.filter((s) => !s.startsWith("'nonce-")), ["'wasm-unsafe-eval'"], 'only the wasm compile permission beside the nonce');
  });
  it('loads nothing remote: every source is the extension\'s own or data/blob images', () => {
    for (const [name, values] of directives) {
      for (const v of values) {
        assert.ok(/^'|^https:\/\/file\+\.vscode-resource|^data:$|^blob:$/.test(v), `${name} allows ${v}`);
      }
    }
    assert.ok(!/https?:\/\/(?!file\+\.vscode-resource)/.test(html.replace(/content="[^"]+"/, '')), 'no remote URL in the page');
  });
  it('starts workers only from blob: URLs (the page\'s copy of dist/engine-worker.js), and scripts stay as strict', () => {
    assert.deepStrictEqual(directives.get('worker-src'), ['blob:']);
    assert.ok(!(directives.get('script-src') ?? []).includes('blob:'), 'no blob: scripts on the page');
    assert.ok(html.includes('data-engine-worker="https://file+.vscode-resource.vscode-cdn.net/ext/dist/engine-worker.js"'));
  });
  it('styles come only from the extension, plus the one nonce\'d style the UI toolkit adds', () => {
    assert.deepStrictEqual(directives.get('style-src'), ['https://file+.vscode-resource.vscode-cdn.net', `'nonce-${nonce}'`]);
    assert.ok(html.includes(`<meta property="csp-nonce" content="${nonce}">`));
  });
  it('every script tag carries the nonce', () => {
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.ok(scripts.length >= 1);
    for (const s of scripts) assert.ok(s.includes(`nonce="${nonce}"`), s);
    assert.ok(!/<script[^>]*>[^<]+<\/script>/.test(html), 'no inline script body');
  });
  it('preloads what the engine fetches (worker, SIMD wasm, shipped weights) from the extension\'s own files, and names them for the page', () => {
    const base = 'https://file+.vscode-resource.vscode-cdn.net/ext/';
    const input = {
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce, scriptUri: `${base}dist/webview.js`, styleUri: `${base}dist/webview.css`, wasmBaseUri: `${base}dist/`,
      workerUri: `${base}dist/engine-worker.js`, pageEngineUri: `${base}dist/page-engine.js`, backend: 'wasm',
    };
    const preloaded = (page: string) => [...page.matchAll(/<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]+)">/g)].map((m) => m[1]);
    const withWeights = webviewHtml({ ...input, shippedWeights: { modelId: 'shipped', uri: `${base}media/model/model.safetensors` } });
    assert.deepStrictEqual(preloaded(withWeights), [`${base}dist/engine-worker.js`, `${base}dist/tfjs-backend-wasm-simd.wasm`, `${base}media/model/model.safetensors`]);
    assert.ok(withWeights.includes(`data-shipped-model="shipped" data-shipped-weights="${base}media/model/model.safetensors"`));
    assert.ok(withWeights.includes('data-backend="wasm"') && withWeights.includes(`data-page-engine="${base}dist/page-engine.js"`));
    // A user's checkpoint: nothing of the shipped model is fetched.
    const without = webviewHtml(input);
    assert.deepStrictEqual(preloaded(without), [`${base}dist/engine-worker.js`, `${base}dist/tfjs-backend-wasm-simd.wasm`]);
    assert.ok(!without.includes('data-shipped'));
  });
  it('makes a fresh 32-character nonce each time', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notStrictEqual(a, makeNonce());
  });
  it('policy builder matches the page', () => {
    assert.strictEqual(policy, contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', nonce));
  });
});
