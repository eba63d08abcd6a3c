/**
 * The entry of dist/engine-worker.js: the dedicated Web Worker that runs the model (issue 15).
 * tfjs, the backend, the forward pass and the attention store live here; the page only draws.
 * The page starts it from a blob: URL made of this file's text (worker-engine.ts).
 */
import { EngineHost } from './engine-host';
import type { EngineRequest } from './engine-protocol';

/** The worker's global scope, typed by hand: the webview room compiles against the DOM library. */
const scope = self as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<EngineRequest>) => void): void;
};

// performance.now() counts from the worker's start: what loading and running this script took.
const host = new EngineHost((message, transfer = []) => scope.postMessage(message, transfer), performance.now());
scope.addEventListener('message', (event) => host.handle(event.data));
