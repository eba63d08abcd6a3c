/**
 * The browser half of the benchmark suite, bundled by run.ts into headless Chromium:
 * `benchForward(models)`: the forward pass on webgl (SwiftShader here), reusing bench-model.common;
 * `benchRender(n)`: drawing the views of webview/views on synthetic maps (webview/dev/synthetic-attention),
 * a wheel gesture's zoomed frames included.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { initParameters } from '../../src/model/init';
import { buildModel } from '../../src/model/transformer';
import { benchLength, median } from '../bench-model.common';
import { renderHeatmapView } from '../../webview/views/heatmap/heatmap-view';
import { renderOverviewView } from '../../webview/views/overview/overview-view';
import { syntheticAttention } from '../../webview/dev/synthetic-attention';
import type { TokenLabel } from '../../webview/views/types';
import type { MatrixCanvas } from '../../webview/views/shared/matrix-canvas';
import type { Viewport } from '../../webview/views/shared/matrix-viewport';
import { lengthsFor, MODELS, repsFor } from './common';

async function benchForward(models: string[]): Promise<{ rows: unknown[]; renderer: string; log: string[] }> {
  if (!(await tf.setBackend('webgl'))) throw new Error('tf.setBackend("webgl") resolved false');
  await tf.ready();
  const gl = document.createElement('canvas').getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none';
  const rows: unknown[] = [];
  const log: string[] = [];
  for (const name of models) {
    // Seeded random weights of the model's configuration: the time does not depend on the values.
    const model = buildModel(MODELS[name], initParameters(MODELS[name], 1));
    for (const n of lengthsFor(name, 'webgl')) {
      const r = await benchLength(model, n, repsFor(name, 'webgl', n), 3, null);
      log.push(`webgl ${name} n=${n}: first ${r.firstMs.toFixed(0)} ms, median ${r.medianMs.toFixed(1)} ms, ${r.gflops.toFixed(2)} GFLOP/s (matMul ${r.matMulGflops.toFixed(2)})`);
      rows.push({ backend: 'webgl', model: name, ...r });
    }
    model.dispose();
  }
  return { rows, renderer, log };
}

const frame = (): Promise<number> => new Promise((r) => requestAnimationFrame(() => r(performance.now())));

function labels(n: number, offset = 0): TokenLabel[] {
  return Array.from({ length: n }, (_, i) => ({ text: `tok${i}`, position: i + offset }) as unknown as TokenLabel);
}

/**
 * One frame of a wheel gesture: the plot repainted at a new zoom, each zoom three times (the fastest
 * kept, as other work on a shared machine can take the CPU mid-frame). A one-pixel read-back makes
 * the canvas really rasterise (it may defer drawing otherwise).
 */
function zoomedFrames(plot: MatrixCanvas): number[] {
  const canvas = plot.canvas;
  const ctx = canvas.getContext('2d')!;
  const repaint = plot as unknown as { view: Viewport; paint(): void };
  return [1.5, 3, 8, 20, 1].map((zoom) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      repaint.view = zoom === 1 ? { zoom, row0: 0, col0: i } : { zoom: zoom + i * 1e-3, row0: 300 + i, col0: 200 };
      repaint.paint();
      ctx.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  });
}

async function benchRender(n: number, layers: number, heads: number, reps: number): Promise<Record<string, unknown>> {
  const host = document.createElement('div');
  host.style.width = '1200px';
  document.body.append(host);
  const toks = labels(n);
  const matrices = Array.from({ length: layers }, (_, l) => Array.from({ length: heads }, (_, h) => syntheticAttention('encoderSelf', l, h, toks, toks)));
  // Heatmap: first draw (view built), then redraws with another head (what changing head costs).
  const firstDraw: number[] = [];
  const redraw: number[] = [];
  const hoverSync: number[] = [];
  const hoverFrame: number[] = [];
  const idleFrame: number[] = [];
  const zoomFrame: number[] = [];
  for (let i = 0; i < reps; i++) {
    host.replaceChildren();
    await frame();
    let t0 = performance.now();
    const view = renderHeatmapView(host, { matrix: matrices[0][0] });
    const built = performance.now() - t0;
    await frame();
    firstDraw.push(built);
    t0 = performance.now();
    view.update({ matrix: matrices[i % layers][(i + 1) % heads] });
    redraw.push(performance.now() - t0);
    await frame();
    // Hover: pointermove over cells; the handler runs at once, the highlight is drawn in the next frame.
    const rect = view.canvas.getBoundingClientRect();
    for (let k = 0; k < 20; k++) {
      const cell = view.cellRect((k * 37) % n, (k * 53) % n);
      if (!cell) continue;
      const ev = new PointerEvent('pointermove', { clientX: rect.left + cell.x + cell.width / 2, clientY: rect.top + cell.y + cell.height / 2, bubbles: true });
      const a = performance.now();
      view.canvas.dispatchEvent(ev);
      const b = performance.now();
      const c = await frame();
      hoverSync.push(b - a);
      hoverFrame.push(c - a);
      const d = performance.now();
      idleFrame.push((await frame()) - d);
    }
    if (i === 0) zoomFrame.push(...zoomedFrames(view.plot));
    view.dispose?.();
  }
  // Overview: every layer and head plus the means, thumbnails drawn.
  const overview: number[] = [];
  for (let i = 0; i < Math.max(3, reps >> 1); i++) {
    host.replaceChildren();
    await frame();
    const t0 = performance.now();
    const v = renderOverviewView(host, { kind: 'encoderSelf', matrices, selected: { layer: 0, head: 0 } });
    overview.push(performance.now() - t0);
    await frame();
    v.dispose?.();
  }
  host.remove();
  const m = (xs: number[]): number => Math.round(median(xs) * 100) / 100;
  return {
    n, layers, heads, reps,
    heatmapFirstDrawMs: m(firstDraw), heatmapRedrawMs: m(redraw), overviewMs: m(overview),
    hoverHandlerMs: m(hoverSync), hoverHandlerP95Ms: Math.round([...hoverSync].sort((a, b) => a - b)[Math.floor(hoverSync.length * 0.95)] * 100) / 100,
    hoverToNextFrameMs: m(hoverFrame), idleFrameMs: m(idleFrame),
    zoomedFrameMs: m(zoomFrame), zoomedFrameMaxMs: m([Math.max(...zoomFrame)]),
  };
}

Object.assign(globalThis, { benchForward, benchRender });
