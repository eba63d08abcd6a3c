/**
 * Which engine runs the model (issue 15), and the panel's words for it. The Web Worker first: the
 * page then only draws, and no long task of the pass blocks it (nor, in code-server, the workbench
 * that shares its thread). The page's own thread is the fallback, taken when
 * - no worker starts here (no Worker, the script does not load, the policy refuses it);
 * - the worker's backend fails (none of webgl, wasm, cpu starts in it);
 * - webgl was asked for explicitly and the worker has none (no OffscreenCanvas WebGL) while the page
 *   has: the setting is the user's choice of backend, so it wins over the thread (with `auto`, the
 *   worker's wasm is kept: it is the faster of the two where WebGL is software, and it does not block);
 * - the worker died twice in this panel (a third would likely die the same way).
 * A worker that dies once is replaced by a new one at the next start. The backend report's renderer
 * ends with "(in a Web Worker)" or "(on the page: <why>)"; the full reason is in its note.
 */
import type { BackendReport } from '../../src/shared/protocol';
import type { BackendPreference } from '../../src/shared/vocabulary';
import type { Backend, EngineClient, EngineLoss, EngineRun, PassControl, RunRequest } from './engine-client';
import { WorkerEngine, type WorkerLike } from './worker-engine';
import type { WasmBinaries } from './engine-protocol';
import { markStartup } from '../startup-marks';

export interface EngineChoiceOptions {
  /** Starts a worker running dist/engine-worker.js; undefined: no worker (the page runs the model). */
  startWorker?: () => Promise<WorkerLike>;
  /** Absolute URL of the folder with the wasm backend's .wasm files (ends with '/'). */
  wasmBase: string;
  /** Gets the wasm binaries for the worker (the page fetches them: see backend.ts configureWasm). */
  wasmBinaries?: () => Promise<WasmBinaries>;
  /** The fallback on the page's own thread (load-page-engine.ts; a fake one in tests). */
  createPage: () => Promise<EngineClient>;
}

export const IN_WORKER = ' (in a Web Worker)';
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const MAX_DEATHS = 2;

export class EngineChoice implements EngineClient {
  private current: EngineClient | undefined;
  /** Set once the worker is given up in this panel: why the page runs the model. */
  private pageBecause: { short: string; long: string } | undefined;
  private deaths = 0;
  private readonly lost: ((loss: EngineLoss) => void)[] = [];

  constructor(private readonly options: EngineChoiceOptions) {
    if (!options.startWorker) this.pageBecause = { short: 'no Web Worker', long: 'this webview was given no worker script' };
  }

  get where(): 'worker' | 'page' | 'none' {
    return this.current?.where ?? 'none';
  }

  private use(engine: EngineClient, report: BackendReport, page?: { short: string; long: string }): BackendReport {
    this.current = engine;
    engine.onLost((loss) => {
      if (loss.kind === 'workerDied' && this.current === engine) {
        this.current = undefined;
        if (++this.deaths >= MAX_DEATHS) this.pageBecause = { short: 'the worker stopped twice', long: `the engine's Web Worker stopped twice in this panel (last: ${loss.message})` };
      }
      for (const l of this.lost) l(loss);
    });
    return this.describe(engine, report, page);
  }

  private describe(engine: EngineClient, report: BackendReport, page = this.pageBecause): BackendReport {
    if (engine.where === 'worker') return { ...report, renderer: `${report.renderer}${IN_WORKER}` };
    const why = page ?? { short: 'the worker was given up', long: 'the worker was given up' };
    const note = `The model runs on the page's own thread, not in a Web Worker: ${why.long}. Long passes make the panel stutter.`;
    return { ...report, renderer: `${report.renderer} (on the page: ${why.short})`, fallbackNote: [report.fallbackNote, note].filter(Boolean).join(' ') };
  }

  async start(preference: BackendPreference, exclude: readonly Backend[]): Promise<BackendReport> {
    // A restart on the engine that runs (after a lost WebGL context): the same engine, another backend.
    if (this.current) return this.describe(this.current, await this.current.start(preference, exclude));
    const worker = this.pageBecause ? undefined : await this.startWorker();
    if (worker) {
      try {
        const report = await worker.start(preference, exclude);
        if (preference === 'webgl' && report.backend !== 'webgl' && !exclude.includes('webgl')) {
          const page = await this.pageWithWebgl(exclude);
          if (page) {
            worker.dispose();
            return this.use(page.engine, page.report, { short: 'no WebGL in a worker', long: `WebGL was asked for and the worker has none (${report.fallbackNote ?? 'no OffscreenCanvas WebGL'})` });
          }
        }
        return this.use(worker, report);
      } catch (e) {
        worker.dispose();
        this.pageBecause ??= { short: 'the worker\'s backend failed', long: `the worker could not start a backend (${message(e)})` };
      }
    }
    const page = await this.options.createPage();
    try {
      return this.use(page, await page.start(preference, exclude));
    } catch (e) {
      page.dispose();
      throw e;
    }
  }

  private async startWorker(): Promise<WorkerEngine | undefined> {
    try {
      // The wasm binaries download while the worker starts, not after (each worker is given its own: they are transferred).
      const wasm = this.options.wasmBinaries?.();
      wasm?.catch(() => undefined);
      const worker = await this.options.startWorker!();
      markStartup('workerStarted');
      return new WorkerEngine(worker, this.options.wasmBase, wasm && (() => wasm));
    } catch (e) {
      this.pageBecause = { short: 'no Web Worker', long: `no Web Worker starts here (${message(e)})` };
      return undefined;
    }
  }

  /** The page's engine when it really gets WebGL, else nothing (the worker's backend is kept). */
  private async pageWithWebgl(exclude: readonly Backend[]): Promise<{ engine: EngineClient; report: BackendReport } | undefined> {
    const page = await this.options.createPage().catch(() => undefined);
    if (!page) return undefined;
    const report = await page.start('webgl', exclude).catch(() => undefined);
    if (report?.backend === 'webgl') return { engine: page, report };
    page.dispose();
    return undefined;
  }

  private engine(): EngineClient {
    if (!this.current) throw new Error('The engine is not started (or stopped): run Visualize Attention again.');
    return this.current;
  }

  prepare(modelId: string, checkpoint: Uint8Array): Promise<void> {
    return this.engine().prepare(modelId, checkpoint);
  }

  run(request: RunRequest, control?: PassControl): Promise<EngineRun> {
    return this.engine().run(request, control);
  }

  tensorCount(): Promise<number> {
    return this.current ? this.current.tensorCount() : Promise.resolve(0);
  }

  loseContext(): Promise<boolean> {
    return this.current ? this.current.loseContext() : Promise.resolve(false);
  }

  /** Test hook: terminates the worker as if it had died; false when the model does not run in one. */
  terminateWorker(): boolean {
    if (!(this.current instanceof WorkerEngine)) return false;
    this.current.terminate('it was terminated');
    return true;
  }

  onLost(listener: (loss: EngineLoss) => void): void {
    this.lost.push(listener);
  }

  dispose(): void {
    this.lost.length = 0;
    this.current?.dispose();
    this.current = undefined;
  }
}
