/**
 * The webview's entry: styles, the run controller (app/run-controller.ts) wired to the host's
 * messages, the test hooks, and the "ready" that asks the host for the first run.
 */
import './styles/views.css';
import './styles.css';
import './styles/explain.css';
import type { HostMessage } from '../src/shared/protocol';
import { configureWasm, loseWebglContext } from './engine/backend';
import { acquiredApi, send, state } from './host';
import { RunController } from './app/run-controller';

const controller = new RunController(document.getElementById('app') as HTMLElement, { send, state });

window.addEventListener('message', (event: MessageEvent<HostMessage>) => controller.handle(event.data));

/**
 * Hooks for tests that drive the real panel: lose the WebGL context, or post a raw message as a
 * hostile webview would (the host must reject it). Nothing here reaches beyond this page.
 */
(globalThis as { xrayDebug?: unknown }).xrayDebug = {
  loseContext: loseWebglContext,
  post: (raw: unknown) => (acquiredApi() as { postMessage(m: unknown): void }).postMessage(raw),
};

configureWasm(document.body.dataset.wasmBase ?? './');
send({ type: 'ready' });
