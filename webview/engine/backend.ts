/**
 * Chooses the TensorFlow.js backend and reports what really runs. `tf.getBackend()` can name a
 * backend whose initialisation failed, so each attempt is checked by setBackend's own result.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendReport } from '../../src/shared/protocol';
import { type BackendPreference } from '../../src/shared/vocabulary';
import type { WasmBinaries } from './engine-protocol';

type Backend = BackendReport['backend'];
const ORDER: Backend[] = ['webgl', 'wasm', 'cpu'];

let wasmConfigured = false;

/**
 * The wasm backend fetches its .wasm file from the extension's dist folder (allowed by the CSP).
 * In the engine's worker it is given the bytes instead, fetched by the page: a VS Code webview
 * serves its resources through a service worker that answers the page's requests only, not those
 * of a worker (whose fetch of the resource URL goes to the network and fails).
 */
export function configureWasm(baseUri: string, binaries?: WasmBinaries): void {
  if (wasmConfigured) return;
  wasmConfigured = true;
  // A cross-origin-isolated page would pick the threaded build, whose blob: workers the CSP blocks.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (binaries) {
    const platform = tf.env().platform;
    const fetchFromNetwork = platform.fetch.bind(platform);
    platform.fetch = (path: string, init?: RequestInit) => {
      const bytes = path.startsWith(baseUri) ? binaries[path.slice(baseUri.length)] : undefined;
      return bytes ? Promise.resolve(new Response(bytes, { status: 200, headers: { 'content-type': 'application/wasm' } })) : fetchFromNetwork(path, init);
    };
  }
  // With binaries, through the platform's fetch (above) rather than the module's own.
  setWasmPaths(baseUri, binaries !== undefined);
}

/** The WebGL context of the current webgl backend. */
function backendGl(): WebGLRenderingContext | undefined {
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
}

/** The renderer of the context the webgl backend really uses (called while it is the current backend). */
function webglRenderer(): string {
  try {
    const gl = backendGl();
    if (!gl) return 'no WebGL context';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    const version = gl.getParameter(gl.VERSION);
    return `${String(renderer)} — ${String(version)}`;
  } catch (e) {
    return `unknown (${String(e)})`;
  }
}

function describe(backend: Backend): string {
  if (backend === 'webgl') return webglRenderer();
  if (backend === 'wasm') return 'WebAssembly (SIMD, single thread)';
  return 'JavaScript on the CPU';
}

async function tryBackend(name: Backend): Promise<string | undefined> {
  try {
    const ok = await Promise.race([
      tf.setBackend(name),
      new Promise<boolean>((r) => setTimeout(() => r(false), 15_000)),
    ]);
    if (!ok) return `${name} did not initialise`;
    await tf.ready();
    // A tiny op proves the backend computes, not only that it registered.
    const probe = tf.tidy(() => tf.sum(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4]))));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 10 ? undefined : `${name} computed a wrong value`;
  } catch (e) {
    return `${name} failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** True for WebGL implementations that draw on the CPU (no GPU behind them). */
export function isSoftwareRenderer(renderer: string): boolean {
  return /SwiftShader|llvmpipe|softpipe|Software Rasterizer|Microsoft Basic Render/i.test(renderer);
}

/** No GPU: a software rasteriser runs the model about 10x slower than WebAssembly here. */
const softwareNote = (renderer: string): string => `WebGL is rendered in software here (${renderer}), slower than WebAssembly; set transformerXray.backend to "webgl" to use it anyway`;

/**
 * The renderer of a throwaway WebGL context when it is a software one, else undefined (a GPU, no
 * WebGL, or a renderer not named). About a tenth of what starting tfjs's webgl backend costs.
 */
function softwareRendererAhead(): string | undefined {
  try {
    const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : typeof document === 'object' ? document.createElement('canvas') : undefined;
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl')) as WebGLRenderingContext | null | undefined;
    if (!gl) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return isSoftwareRenderer(renderer) ? renderer : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Initialises the preferred backend, falling back in the order webgl → wasm → cpu, and says why
 * when the preferred one was not used. With 'auto', a software-rendered WebGL (no GPU) gives way to
 * wasm; asking for 'webgl' explicitly uses it all the same.
 */
export async function initBackend(preference: BackendPreference, exclude: Backend[] = []): Promise<BackendReport> {
  const first = preference === 'auto' ? [] : [preference];
  const order = [...first, ...ORDER.filter((b) => !first.includes(b))].filter((b) => !exclude.includes(b));
  const failures: string[] = [];
  for (const name of order) {
    // With 'auto', a plain context tells a software renderer before tfjs builds its backend and shaders on it.
    const software = name === 'webgl' && preference === 'auto' ? softwareRendererAhead() : undefined;
    if (software) {
      failures.push(softwareNote(software));
      continue;
    }
    const failure = await tryBackend(name);
    const renderer = failure ? '' : describe(name);
    if (!failure && name === 'webgl' && preference === 'auto' && isSoftwareRenderer(renderer)) {
      failures.push(softwareNote(renderer.split(' — ')[0]));
      continue;
    }
    if (!failure) {
      const report: BackendReport = { backend: name, renderer };
      if (failures.length) report.fallbackNote = `Using ${name}: ${failures.join('; ')}.`;
      return report;
    }
    failures.push(failure);
  }
  throw new Error(`No TensorFlow.js backend could start (${failures.join('; ')}).`);
}

/**
 * Calls `onLost` once when the WebGL backend's context is lost (a GPU reset, a driver update, too
 * many contexts). The backend's tensors are gone with it.
 */
export function watchContextLoss(onLost: () => void): void {
  if (tf.getBackend() !== 'webgl') return;
  const canvas = backendGl()?.canvas as HTMLCanvasElement | OffscreenCanvas | undefined;
  canvas?.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    onLost();
  }, { once: true });
}

/** Loses the WebGL context on purpose (tests use it through the page's debug hook). */
export function loseWebglContext(): boolean {
  const ext = backendGl()?.getExtension('WEBGL_lose_context');
  ext?.loseContext();
  return Boolean(ext);
}
