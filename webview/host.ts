/** The webview's side of the corridor: the VS Code API handle, typed. */
import type { WebviewMessage } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

/** The raw API, for the debug hook that posts unvalidated messages in tests. */
export const acquiredApi = (): VsCodeApi => api;

export function send(message: WebviewMessage): void {
  api.postMessage(message);
}

export const state = {
  get: <T>() => api.getState() as T | undefined,
  set: (s: unknown) => api.setState(s),
};
