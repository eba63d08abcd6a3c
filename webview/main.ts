/**
 * The webview's entry: starts TensorFlow.js on the best backend it really gets, then answers the
 * host's messages by running the model and drawing the views.
 */
import './styles.css';
import type { BackendReport, HostMessage } from '../src/protocol';
import { configureWasm, initBackend } from './engine/backend';
import { send } from './host';
import { renderStatus, renderTokens, renderError } from './shell';

let backend: Promise<BackendReport> | undefined;

function startBackend(preference: Extract<HostMessage, { type: 'analyze' }>['backend']): Promise<BackendReport> {
  backend ??= initBackend(preference).then((report) => {
    send({ type: 'backend', ...report });
    return report;
  });
  return backend;
}

async function analyze(message: Extract<HostMessage, { type: 'analyze' }>): Promise<void> {
  const started = performance.now();
  const report = await startBackend(message.backend);
  renderStatus(report, message.sourceLabel, message.notices);
  renderTokens(message.tokens);
  send({ type: 'tokensShown', runId: message.runId, tokens: message.tokens });
  send({ type: 'runFinished', runId: message.runId, millis: performance.now() - started });
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message?.type === 'analyze') {
    analyze(message).catch((e) => {
      const text = e instanceof Error ? e.message : String(e);
      renderError(text);
      send({ type: 'error', runId: message.runId, message: text });
    });
  }
});

configureWasm(document.body.dataset.wasmBase ?? './');
send({ type: 'ready' });
