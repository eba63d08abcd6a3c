/**
 * The attention panel: what ran (source, backend, time, notices), the controls (attention kind,
 * layer, head, positional encoding, pin, export) and one tab per view. Only the active tab draws;
 * attention maps are fetched from the run's store when a view needs them.
 */
import type { ViewRequest, WindowMove } from '../../src/shared/protocol';
import type { TransformerConfig } from '../../src/model/config';
import { createButton, createCheckbox, createDropdown, createRadioGroup, createTabs, type Dropdown, type Tabs } from '../ui';
import { el } from '../views/shared/dom';
import { MutableDisposable } from '../../src/shared/lifecycle';
import type { AttentionMatrix } from '../views/types';
import { axes, maskFor, runLabels, type RunLabels } from './run-labels';
import { INITIAL_VIEW, type ViewState } from './view-state';
import { EXPORT_FORMATS, type ExportFormat, type TabId } from '../../src/shared/vocabulary';
import { TAB_VIEWS } from './tab-views';
import type { MountedView, ViewContext } from './mounted-view';
import type { RunContext } from './run-context';
import { ExplainedAttention, type LayerChoice } from './explained-attention';
import { createMeasureControl, createMeasureNote, measureExplanation } from './measure-control';
import type { ExportExtent } from '../views/shared/matrix-canvas';
import { type Notice, noticesDisclosure } from './notices';
import { windowBar } from './window-bar';
import { LatestWork } from './latest-work';
import { type AttentionKind } from '../../src/shared/vocabulary';

export interface PanelAppEvents {
  /** A query token is focused (or null): its row of weights, for shading the editor. */
  onHighlight(runId: number, kind: AttentionKind, query: number | null, weights: number[]): void;
  onPin(pinned: boolean): void;
  onViewChange(view: ViewState): void;
  /** The positional-encoding switch changed: the forward pass must run again. */
  onRerun(): void;
  onExport(format: ExportFormat): void;
  /** The masked source positions changed: the forward pass must run again. */
  onMaskChange?(masked: number[]): void;
  /** A window button: the host re-runs on another window of the long text. */
  onMoveWindow(move: WindowMove): void;
}

const KIND_CHOICES: { value: AttentionKind; label: string }[] = [
  { value: 'encoderSelf', label: 'Encoder self-attention' },
  { value: 'decoderSelf', label: 'Decoder masked self-attention' },
  { value: 'cross', label: 'Encoder-decoder attention' },
];

const TAB_LABELS: Record<TabId, string> = {
  heatmap: 'Heatmap', overview: 'All heads', arcs: 'Arcs', masks: 'Masks', positions: 'Positional encoding', model: 'Model', tokens: 'Tokens',
  qk: 'q·k steps', predictions: 'Predictions', difference: 'Difference',
};

export const TEACHER_FORCING_NOTE =
  'The encoder reads your selection; the decoder reads the same tokens shifted right by one start token <s> (teacher forcing), so its masked self-attention and its encoder-decoder attention are shown on the same code.';

export class PanelApp {
  private view: ViewState = { ...INITIAL_VIEW };
  private run: RunContext | undefined;
  private labels: RunLabels | undefined;
  /** The active tab's view: setting another (or undefined) disposes the one before. */
  private readonly mounted = new MutableDisposable<MountedView>();
  private readonly header = el('header', { class: 'xr-run-header' });
  private readonly controls = el('div', { class: 'xr-controls', role: 'group', 'aria-label': 'What to show' });
  private readonly containers = new Map<TabId, HTMLElement>();
  private tabs: Tabs | undefined;
  private kindControl: { setValue(v: AttentionKind): void } | undefined;
  private peControl: { setChecked(v: boolean): void } | undefined;
  private measureControl: { setValue(v: 'raw' | 'weighted'): void } | undefined;
  private readonly measureNote = createMeasureNote();
  private explained: ExplainedAttention | undefined;
  private baselineExplained: ExplainedAttention | undefined;
  /** Source positions to replace by <mask> in the next pass (kept across re-runs of the same tokens). */
  masked: number[] = [];
  private layer: Dropdown<string> | undefined;
  private head: Dropdown<string> | undefined;
  /** Mounting a tab's view waits for its maps: a newer choice makes the older mount stale. */
  private readonly draws = new LatestWork();
  /** Rows of weights sent to the host for the editor's shading: only the newest is sent. */
  private readonly highlights = new LatestWork();
  /** Masked cells per attention kind of the current run. */
  private masks = new Map<AttentionKind, Uint8Array | undefined>();
  /** The last row asked of {@link highlight}: the heatmap asks again on every cell the pointer crosses, the host hears once. */
  private highlighted = '';
  /** The teacher-forcing explanation is shown open once per panel, then folded behind its summary. */
  private teacherForcingShown = false;
  /** What the PNG and SVG buttons save of a zoomed matrix. */
  readonly exportExtent: ExportExtent = { visibleOnly: false };

  constructor(private readonly root: HTMLElement, private readonly events: PanelAppEvents) {}

  get state(): ViewState {
    return this.view;
  }

  get current(): RunContext | undefined {
    return this.run;
  }

  setView(view: ViewState): void {
    this.view = view;
  }

  /** Shows a finished run; the previous run's tensors are released. */
  async showRun(run: RunContext): Promise<void> {
    const previous = this.run;
    this.run = run;
    this.labels = runLabels(run.tokens, run.bosId);
    this.explained = new ExplainedAttention(run.store);
    this.baselineExplained = run.baseline ? new ExplainedAttention(run.baseline.store) : undefined;
    this.masks.clear();
    if (typeof this.view.layer === 'number' && this.view.layer >= run.config.N) this.view.layer = 0;
    if (typeof this.view.head === 'number' && this.view.head >= run.config.h) this.view.head = 0;
    // renderFrame makes new tab containers: a view mounted in the old ones would update out of sight.
    this.mounted.value = undefined;
    this.renderFrame();
    await this.drawActive();
    // The baseline of a re-run (masks, positional encoding) stays alive for the difference view.
    const live = new Set([run.store, run.baseline?.store]);
    for (const r of [previous, previous?.baseline]) if (r && !live.has(r.store)) r.store.dispose();
  }

  /** Drops the current run without freeing it (its tensors died with a lost WebGL context). */
  forgetRun(): void {
    this.mounted.value = undefined;
    this.run = undefined;
  }

  showStatus(text: string, onCancel?: () => void): void {
    const status = el('div', { class: 'xr-progress', role: 'status' }, [el('span', {}, [text])]);
    if (onCancel) status.append(createButton({ label: 'Cancel', ariaLabel: 'Cancel this run', onClick: onCancel }));
    // The page's first placeholder ("Starting TensorFlow.js…") gives way to the run's own status.
    this.root.querySelectorAll(':scope > .xr-progress, :scope > p.status').forEach((e) => e.remove());
    this.root.prepend(status);
  }

  /** Updates the running status: what is done, and how far along (0 to 1) the progress bar is. */
  updateStatus(text: string, fraction: number): void {
    const status = this.root.querySelector('.xr-progress');
    if (!status) return;
    status.querySelector('span')!.textContent = text;
    let bar = status.querySelector('progress');
    if (!bar) {
      bar = el('progress', { max: '1', 'aria-label': 'Forward pass progress' });
      status.querySelector('span')!.after(bar);
    }
    bar.value = fraction;
  }

  clearStatus(): void {
    this.root.querySelector('.xr-progress')?.remove();
  }

  showError(message: string): void {
    this.clearStatus();
    this.root.querySelector('.xr-error')?.remove();
    this.root.prepend(el('p', { class: 'error xr-error', role: 'alert' }, [message]));
  }

  private renderFrame(): void {
    const run = this.run!;
    this.root.replaceChildren();
    // One line: what ran, then how; the notices and the teacher-forcing note fold away below it.
    this.header.replaceChildren(
      el('div', { class: 'xr-run-line' }, [
        el('h1', {}, [run.sourceLabel]),
        el('p', { class: 'backend', 'data-backend': run.backend.backend }, [
          `Backend: ${run.backend.backend} — ${run.backend.renderer} · forward pass ${run.millis.toFixed(0)} ms · ${run.tokens.length} tokens`,
        ]),
      ]),
    );
    if (run.window) this.header.append(windowBar(run.window, (move) => this.events.onMoveWindow(move)));
    const notices: Notice[] = [];
    if (run.backend.fallbackNote) notices.push({ text: run.backend.fallbackNote, className: 'fallback' });
    if (!run.weightsTrained) notices.push({ text: 'These weights are random (seeded), not trained: the maps show the mechanics, not learned patterns.' });
    for (const n of run.notices) notices.push({ text: n });
    if (notices.length) this.header.append(noticesDisclosure(notices));
    const teacherForcing = el('details', { class: 'xr-explain' }, [el('summary', {}, ['Why the decoder rows start with <s>']), el('p', {}, [TEACHER_FORCING_NOTE])]);
    if (!this.teacherForcingShown) teacherForcing.open = true;
    this.teacherForcingShown = true;
    this.header.append(teacherForcing);
    this.renderControls(run.config);
    const tabSpecs = (Object.keys(TAB_LABELS) as TabId[]).map((id) => {
      const content = el('div', { class: `xr-tab-content xr-tab-${id}` });
      this.containers.set(id, content);
      return { id, label: TAB_LABELS[id], content };
    });
    this.tabs = createTabs({
      tabs: tabSpecs,
      active: this.view.tab,
      ariaLabel: 'Views',
      onChange: (id) => {
        this.view.tab = id as TabId;
        this.changed();
      },
    });
    this.root.append(this.header, this.controls, this.measureNote.element, this.tabs.element);
    this.updateMeasureNote();
  }

  private renderControls(config: TransformerConfig): void {
    const kind = createRadioGroup<AttentionKind>({
      label: 'Attention',
      choices: KIND_CHOICES,
      value: this.view.kind,
      onChange: (v) => {
        this.view.kind = v;
        this.changed();
      },
    });
    this.layer = createDropdown<string>({
      label: 'Layer',
      choices: [...Array.from({ length: config.N }, (_, i) => ({ value: String(i), label: `Layer ${i + 1}` })), { value: 'rollout', label: 'Rollout' }],
      value: String(this.view.layer),
      onChange: (v) => {
        this.view.layer = v === 'rollout' ? 'rollout' : Number(v);
        this.changed();
      },
    });
    this.head = createDropdown<string>({
      label: 'Head',
      choices: [...Array.from({ length: config.h }, (_, i) => ({ value: String(i), label: `Head ${i + 1}` })), { value: 'mean', label: 'Mean over heads' }],
      value: String(this.view.head),
      onChange: (v) => {
        this.view.head = v === 'mean' ? 'mean' : Number(v);
        this.changed();
      },
    });
    this.kindControl = kind;
    const pe = createCheckbox({
      label: 'Positional encoding',
      checked: this.view.positionalEncoding,
      onChange: (checked) => {
        this.view.positionalEncoding = checked;
        this.events.onViewChange(this.view);
        this.events.onRerun();
      },
    });
    this.peControl = pe;
    const pin = createButton({
      label: this.view.pinned ? 'Unpin' : 'Pin',
      ariaLabel: 'Pin this analysis: new selections in the editor will not replace it',
      onClick: () => {
        this.view.pinned = !this.view.pinned;
        pin.textContent = this.view.pinned ? 'Unpin' : 'Pin';
        this.events.onPin(this.view.pinned);
        this.events.onViewChange(this.view);
      },
    });
    pin.classList.add('xr-pin');
    const visibleOnly = createCheckbox({
      label: 'Zoomed part only',
      checked: this.exportExtent.visibleOnly === true,
      onChange: (checked) => (this.exportExtent.visibleOnly = checked),
    });
    visibleOnly.element.setAttribute('title', 'PNG and SVG of a zoomed heatmap or mask: only the rows and columns in view (else the whole matrix)');
    const exports = el('div', { class: 'xr-export', role: 'group', 'aria-label': 'Export' }, [
      el('span', { class: 'xr-control-label' }, ['Export']),
      ...EXPORT_FORMATS.map((f) =>
        createButton({ label: f.toUpperCase(), ariaLabel: `Export the current view as ${f.toUpperCase()}`, onClick: () => this.events.onExport(f) }),
      ),
      visibleOnly.element,
    ]);
    const measure = createMeasureControl(this.view.measure, (m) => {
      this.view.measure = m;
      this.changed();
    });
    this.measureControl = measure;
    this.controls.replaceChildren(kind.element, this.layer.element, this.head.element, measure.element, pe.element, pin, exports);
  }

  /** Switches to a requested view (a hover link, the walkthrough); re-runs if positional encoding changes. */
  async applyView(request: ViewRequest): Promise<void> {
    const run = this.run;
    const v = this.view;
    if (request.kind) v.kind = request.kind;
    if (request.tab) v.tab = request.tab;
    if (request.layer !== undefined && (!run || request.layer === 'rollout' || request.layer < run.config.N)) v.layer = request.layer;
    if (request.measure !== undefined) v.measure = request.measure;
    if (request.head !== undefined && (!run || request.head === 'mean' || request.head < run.config.h)) v.head = request.head;
    const rerun = request.positionalEncoding !== undefined && request.positionalEncoding !== v.positionalEncoding;
    if (request.positionalEncoding !== undefined) v.positionalEncoding = request.positionalEncoding;
    this.kindControl?.setValue(v.kind);
    this.layer?.setValue(String(v.layer));
    this.head?.setValue(String(v.head));
    this.peControl?.setChecked(v.positionalEncoding);
    this.measureControl?.setValue(v.measure);
    this.tabs?.setActive(v.tab);
    this.updateMeasureNote();
    this.events.onViewChange(v);
    if (rerun) this.events.onRerun();
    else await this.drawActive();
  }

  /** The focused view for the current choice of kind, layer and head. */
  async matrix(kind = this.view.kind, layer: LayerChoice = this.view.layer, head = this.view.head, measure = this.view.measure): Promise<AttentionMatrix> {
    const { queries, keys } = axes(this.labels!, kind);
    const weights = await this.explained!.matrix(kind, layer, head, measure);
    // One mask per kind and run: the overview asks for N x (h + 1) matrices at a time.
    if (!this.masks.has(kind)) this.masks.set(kind, maskFor(kind, queries.length, keys.length));
    const shown = layer === 'rollout' ? 'rollout' : measure === 'weighted' ? 'weighted' : 'weights';
    const trained = this.current?.trainedLength;
    const untrainedFrom = trained !== undefined && trained < Math.max(queries.length, keys.length) ? { untrainedFrom: trained } : {};
    return { kind, layer, head: layer === 'rollout' ? 'mean' : head, queries, keys, weights, masked: this.masks.get(kind), measure: shown, ...untrainedFrom };
  }

  private changed(): void {
    this.events.onViewChange(this.view);
    this.updateMeasureNote();
    void this.drawActive();
  }

  private async baselineMatrixOf(kind: AttentionKind, layer: LayerChoice, head: number | 'mean'): Promise<AttentionMatrix> {
    const { queries, keys } = axes(this.labels!, kind);
    const weights = await this.baselineExplained!.matrix(kind, layer, head, this.view.measure);
    return { kind, layer, head, queries, keys, weights };
  }

  private updateMeasureNote(): void {
    this.measureNote.set(measureExplanation(this.view.kind, this.view.layer, this.view.measure));
  }

  private context(): ViewContext {
    return {
      run: this.run!,
      labels: this.labels!,
      view: this.view,
      matrix: (kind, layer, head) => this.matrix(kind, layer, head),
      select: (layer, head) => {
        this.view.layer = layer;
        this.view.head = head;
        this.layer?.setValue(String(layer));
        this.head?.setValue(String(head));
        this.view.tab = 'heatmap';
        this.tabs?.setActive('heatmap');
        this.changed();
      },
      focusQuery: (kind, query) => void this.highlight(kind, query),
      baselineMatrix: this.run?.baseline ? (kind, layer, head) => this.baselineMatrixOf(kind, layer, head) : undefined,
      toggleMask: (index) => {
        this.masked = this.masked.includes(index) ? this.masked.filter((i) => i !== index) : [...this.masked, index].sort((a, b) => a - b);
        this.events.onMaskChange?.(this.masked);
      },
      clearMasks: () => {
        this.masked = [];
        this.events.onMaskChange?.(this.masked);
      },
    };
  }

  /**
   * Focuses a query token: tells the host its row of weights, so the editor shades by them. Sent
   * once per row: the heatmap asks again for every cell the pointer crosses.
   */
  async highlight(kind: AttentionKind, query: number | null): Promise<void> {
    const run = this.run;
    if (!run) return;
    const { layer, head, measure } = this.view;
    const sent = `${run.runId}/${kind}/${layer}/${head}/${measure}/${query}`;
    if (sent === this.highlighted) return;
    this.highlighted = sent;
    const token = this.highlights.start();
    if (query === null) return this.events.onHighlight(run.runId, kind, null, []);
    const weights = (await this.matrix(kind, layer, head)).weights;
    if (token.isStale) return; // another row (or none) was asked for meanwhile
    const nKeys = axes(this.labels!, kind).keys.length;
    let row = Array.from(weights.subarray(query * nKeys, (query + 1) * nKeys));
    // Value-weighted rows are not bounded by 1: the editor shades them relative to the row's largest.
    if (measure === 'weighted' && layer !== 'rollout') {
      const max = Math.max(...row, 0);
      row = row.map((w) => (max > 0 ? w / max : 0));
    }
    row = row.map((w) => Math.min(1, Math.max(0, w)));
    this.events.onHighlight(run.runId, kind, query, row);
  }

  /** The editor's cursor is on source token `index`: focus the query that reads it. */
  async focusSourceToken(index: number): Promise<void> {
    const query = this.view.kind === 'encoderSelf' ? index : index + 1;
    await this.mounted.value?.focus?.(index);
    await this.highlight(this.view.kind, query);
  }

  private async drawActive(): Promise<void> {
    const run = this.run;
    if (!run) return;
    const token = this.draws.start();
    const container = this.containers.get(this.view.tab)!;
    const ctx = this.context();
    const shown = this.mounted.value;
    if (shown?.tab === this.view.tab) {
      await shown.update(ctx);
      return;
    }
    this.mounted.value = undefined;
    const mounted = await TAB_VIEWS[this.view.tab](container, ctx);
    if (token.isStale) {
      mounted.dispose(); // a newer choice arrived while this one was being fetched
      return;
    }
    this.mounted.value = mounted;
  }

  /** What the export buttons save: the mounted view's picture, or the focused map's numbers. */
  get exportable(): MountedView | undefined {
    return this.mounted.value;
  }
}
