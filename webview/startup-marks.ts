/**
 * When the panel's first run reached each of its stages, as wall-clock milliseconds
 * (performance.timeOrigin + now: comparable with the bench's clock on the same machine). Only the
 * first time of each mark is kept: the first run is the one every user meets (issue 15). The bench
 * reads them through the page's test hook (main.ts) and prints where the time went.
 */
export type StartupMark =
  | 'scriptStart' | 'readySent' | 'engineWarming' | 'analyzeReceived' | 'workerStarted' | 'wasmFetched'
  | 'engineStarted' | 'passDone' | 'firstPicture' | 'resultsSent';

const marks: Partial<Record<StartupMark, number>> = {};
/** Parts of the first run timed inside the engine's worker (its clock is not the page's). */
const durations: Record<string, number> = {};

export function markStartup(name: StartupMark): void {
  marks[name] ??= performance.timeOrigin + performance.now();
}

export function noteStartupDuration(name: 'workerScriptMs' | 'backendMs' | 'modelBuildMs' | 'passMs', ms: number): void {
  durations[name] ??= ms;
}

/** The marks so far, with the page's navigation start and when its script arrived. */
export function startupMarks(): Record<string, number> {
  const script = performance.getEntriesByType('resource').find((e) => /\/webview\.js(\?|$)/.test(e.name)) as PerformanceResourceTiming | undefined;
  return {
    navigationStart: performance.timeOrigin,
    ...(script ? { scriptFetched: performance.timeOrigin + script.responseEnd } : {}),
    ...marks,
    ...durations,
  };
}
