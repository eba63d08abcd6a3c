/**
 * The entry of dist/page-engine.js: the page's own engine (tfjs on the page's thread), the fallback
 * where the Web Worker cannot run the model. Kept out of dist/webview.js, which it would make three
 * times larger: the page loads it only when it falls back (load-page-engine.ts).
 */
import { configureWasm } from './backend';
import { PageEngine } from './page-engine';
import { PAGE_ENGINE_GLOBAL, type PageEngineFactory } from './load-page-engine';

const create: PageEngineFactory = (wasmBase) => {
  configureWasm(wasmBase);
  return new PageEngine();
};
(globalThis as Record<string, unknown>)[PAGE_ENGINE_GLOBAL] = create;
