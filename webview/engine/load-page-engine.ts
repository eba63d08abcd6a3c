/**
 * Loads dist/page-engine.js (page-engine-script.ts) when the panel first falls back to running the
 * model on its own thread: a <script> with this page's nonce (the policy allows no other), which
 * leaves its factory on a global. One load per page; a failed one is tried again at the next call.
 */
import { AnswerCache } from './answer-cache';
import type { EngineClient } from './engine-client';

export const PAGE_ENGINE_GLOBAL = 'xrayPageEngine';

/** Makes the page's engine; `wasmBase` is the folder its wasm backend fetches the binaries from. */
export type PageEngineFactory = (wasmBase: string) => EngineClient;

export function pageEngineLoader(scriptUrl: string, wasmBase: string): () => Promise<EngineClient> {
  const loads = new AnswerCache();
  return async () => (await loads.get(scriptUrl, () => load(scriptUrl)))(wasmBase);
}

function load(scriptUrl: string): Promise<PageEngineFactory> {
  const loaded = (): PageEngineFactory | undefined => (globalThis as Record<string, unknown>)[PAGE_ENGINE_GLOBAL] as PageEngineFactory | undefined;
  const present = loaded();
  if (present) return Promise.resolve(present);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.content ?? '';
    script.src = scriptUrl;
    script.addEventListener('load', () => {
      const factory = loaded();
      if (factory) resolve(factory);
      else reject(new Error('the page engine\'s script ran but left no engine'));
    });
    script.addEventListener('error', () => {
      script.remove();
      reject(new Error('the page engine\'s script did not load'));
    });
    document.head.append(script);
  });
}
