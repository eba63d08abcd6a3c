/**
 * What the export buttons produce: the current view as PNG or SVG, and the attention maps of the
 * current kind (every layer and head, with the tokens on both axes) as JSON or CSV.
 */
import type { TokenLabel } from '../views/types';
import { shownTokenText } from '../../src/shared/token-text';
import type { MountedView } from './mounted-view';
import type { ExportExtent } from '../views/shared/matrix-canvas';
import type { RunContext } from './run-context';
import { axes, type RunLabels } from './run-labels';
import type { ViewState } from './view-state';
import { type AttentionKind } from '../../src/shared/vocabulary';

export type ExportPayload = { suggestedName: string; text?: string; bytes?: Uint8Array };

const KIND_SLUG: Record<AttentionKind, string> = { encoderSelf: 'encoder-self', decoderSelf: 'decoder-self', cross: 'encoder-decoder' };

export function baseName(view: ViewState): string {
  if (view.layer === 'rollout') return `attention-${KIND_SLUG[view.kind]}-rollout`;
  const head = view.head === 'mean' ? 'mean' : `head${view.head + 1}`;
  return `attention-${KIND_SLUG[view.kind]}-layer${view.layer + 1}-${head}${view.measure === 'weighted' ? '-weighted' : ''}`;
}

function svgToCanvas(svg: string): Promise<HTMLCanvasElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth * 2;
      canvas.height = img.naturalHeight * 2;
      const g = canvas.getContext('2d')!;
      g.scale(2, 2);
      g.drawImage(img, 0, 0);
      resolve(canvas);
    };
    img.onerror = () => reject(new Error('could not draw the SVG for PNG export'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

export async function exportPng(view: MountedView, name: string, extent: ExportExtent = {}): Promise<ExportPayload> {
  const canvas = view.toCanvas ? view.toCanvas(extent) : view.toSVG ? await svgToCanvas(view.toSVG(extent)) : undefined;
  if (!canvas) throw new Error('This view has no picture to export.');
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (!blob) throw new Error('The browser could not encode the PNG.');
  return { suggestedName: `${name}.png`, bytes: new Uint8Array(await blob.arrayBuffer()) };
}

export function exportSvg(view: MountedView, name: string, extent: ExportExtent = {}): ExportPayload {
  if (!view.toSVG) throw new Error(`The ${view.tab} view exports as PNG; SVG is available for the heatmap and arcs views.`);
  return { suggestedName: `${name}.svg`, text: view.toSVG(extent) };
}

const round = (w: number) => Math.round(w * 1e6) / 1e6;

/** A byte piece of a split character is written as the panel shows it ("中²"); other tokens as their text. */
const exportedText = (t: TokenLabel) => (t.piece ? shownTokenText(t) : t.text);

/** A token in the JSON: its text in the source, and for a byte piece the character and bytes it belongs to. */
const jsonToken = (t: TokenLabel) => ({
  position: t.position,
  id: t.id,
  text: t.text,
  ...(t.piece ? { shown: shownTokenText(t), piece: { char: t.piece.char, number: t.piece.index + 1, of: t.piece.count, utf8: t.piece.bytes.join(' ') } } : {}),
});

/** Every layer and head of the current kind, with token texts and positions, as JSON. */
export async function exportJson(run: RunContext, labels: RunLabels, view: ViewState, explained?: ExplainedMaps): Promise<ExportPayload> {
  const { queries, keys } = axes(labels, view.kind);
  const all = explained?.maps ?? (await run.store.all(view.kind));
  const doc = {
    kind: view.kind,
    source: run.sourceLabel,
    ...(explained ? { measure: explained.measure } : {}),
    note: explained?.note ?? 'weights[layer][head][query][key]; rows are queries (attending), columns keys (attended to); each row sums to 1.',
    queries: queries.map(jsonToken),
    keys: keys.map(jsonToken),
    weights: all.map((heads) => heads.map((m) => Array.from({ length: queries.length }, (_, q) => Array.from(m.subarray(q * keys.length, (q + 1) * keys.length), round)))),
  };
  return { suggestedName: `attention-${KIND_SLUG[view.kind]}${explained ? `-${explained.measure}` : ''}.json`, text: JSON.stringify(doc) };
}

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The same as JSON, one row per (layer, head, query, key). */
export async function exportCsv(run: RunContext, labels: RunLabels, view: ViewState, explained?: ExplainedMaps): Promise<ExportPayload> {
  const { queries, keys } = axes(labels, view.kind);
  const all = explained?.maps ?? (await run.store.all(view.kind));
  const rollout = explained?.measure === 'rollout';
  const lines = [`layer,head,query_position,query_token,key_position,key_token,${explained?.measure === 'weighted' ? 'value_weighted' : rollout ? 'rollout' : 'weight'}`];
  all.forEach((heads, layer) =>
    heads.forEach((m, head) => {
      for (let q = 0; q < queries.length; q++) {
        for (let k = 0; k < keys.length; k++) {
          lines.push(`${rollout ? 'rollout' : layer + 1},${rollout ? 'mean' : head + 1},${q},${csvField(exportedText(queries[q]))},${k},${csvField(exportedText(keys[k]))},${round(m[q * keys.length + k])}`);
        }
      }
    }),
  );
  return { suggestedName: `attention-${KIND_SLUG[view.kind]}${explained ? `-${explained.measure}` : ''}.csv`, text: lines.join('\n') + '\n' };
}

/** Maps other than the raw weights: value-weighted `[layer][head]`, or the rollout `[[map]]`. */
export interface ExplainedMaps {
  measure: 'weighted' | 'rollout';
  note: string;
  maps: Float32Array[][];
}

/** A view's own numbers (q·k steps, predictions) as JSON or CSV. */
export function exportViewData(data: { name: string; json: unknown; csv: string }, format: 'json' | 'csv'): ExportPayload {
  return format === 'json'
    ? { suggestedName: `${data.name}.json`, text: JSON.stringify(data.json) }
    : { suggestedName: `${data.name}.csv`, text: data.csv };
}
