/**
 * A page that loads the engine the way the panel does, for worker.browser.test.ts and the long-task
 * benchmark: a local HTTP server with the webview's own Content Security Policy (src/host/panel/html.ts,
 * the server's origin standing in for the webview's resource origin), the engine's worker bundled
 * from webview/engine/engine-worker.ts, the wasm binaries, and engine-entry.ts on the page.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { contentSecurityPolicy } from '../../../../src/host/panel/html';
import { repoRoot } from '../../../browser/model/chromium';

const NONCE = 'engineTestNonce7c1d';

async function bundle(entry: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const r = await esbuild.build({ entryPoints: [path.join(repoRoot(), entry)], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent', absWorkingDir: repoRoot() });
  return r.outputFiles[0].text;
}

export interface EnginePage {
  /** The page's URL; `?policy=no-workers` serves it with worker-src 'none'. */
  url: string;
  close(): Promise<void>;
}

export async function serveEnginePage(): Promise<EnginePage> {
  const [entry, worker] = await Promise.all([bundle('test/unit/engine/browser/engine-entry.ts'), bundle('webview/engine/engine-worker.ts')]);
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/') {
      let policy = contentSecurityPolicy(origin, NONCE);
      if (url.searchParams.get('policy') === 'no-workers') policy = policy.replace('worker-src blob:', "worker-src 'none'");
      return send('text/html', `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}">
<script nonce="${NONCE}">window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));</script>
</head><body data-wasm-base="${origin}/dist/" data-engine-worker="${origin}/dist/engine-worker.js"><script nonce="${NONCE}" src="/entry.js"></script></body></html>`);
    }
    if (url.pathname === '/entry.js') return send('text/javascript', entry);
    if (url.pathname === '/dist/engine-worker.js') return send('text/javascript', worker);
    const wasm = /^\/dist\/(tfjs-backend-wasm(-simd)?\.wasm)$/.exec(url.pathname);
    if (wasm) return send('application/wasm', fs.readFileSync(path.join(wasmDir, wasm[1])));
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  origin = `http://127.0.0.1:${address.port}`;
  return { url: `${origin}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
