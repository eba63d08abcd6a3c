import * as vscode from 'vscode';
import { chooseRange } from './analysis/selection';
import { prepareTokens, untrainedPositionsNotice } from './analysis/prepare';
import { AttentionPanel } from './panel/attentionPanel';
import { readSettings } from './settings';
import type { HostModel } from './modelAssets';
import type { Tokenizer } from './model/tokenizer';
import type { BackendPreference, ViewRequest, WireToken } from './protocol';
import { AnalysedRun } from './editor/analysedRun';

/** How long a run waits for a new webview's script to start before it gives up with a message. */
const READY_TIMEOUT_MS = 60_000;

/** Why a run did not happen, as the message the user was shown. */
export interface RunRefusal {
  refused: string;
}

export interface RunInfo {
  runId: number;
  tokenCount: number;
  notices: string[];
}

/**
 * Visualize Attention: choose the range, tokenise it on the host, and hand tokens and model to the
 * panel's webview, which runs the forward pass. Never throws: problems become messages.
 */
export class VisualizeCommand {
  private nextRunId = 1;
  /** The range the latest run chose, so that a selection it already covers is not run twice. */
  private requested: { document: vscode.TextDocument; start: number; end: number } | undefined;
  private reportedSettings = new Set<string>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: () => Promise<HostModel>,
    private readonly log: vscode.LogOutputChannel,
    private readonly onRun: (run: AnalysedRun) => void = () => undefined,
    /** Called as a run starts (the selection follower drops a re-run it had scheduled). */
    private readonly onStart: () => void = () => undefined,
  ) {}

  async run(): Promise<RunInfo | RunRefusal> {
    try {
      return await this.runUnguarded();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`Visualize Attention failed: ${message}`);
      void vscode.window.showErrorMessage(`Transformer X-Ray: ${message}`);
      return { refused: message };
    }
  }

  private async runUnguarded(): Promise<RunInfo | RunRefusal> {
    this.onStart();
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      const refused = 'open a file and select some code, then run Visualize Attention.';
      void vscode.window.showInformationMessage(`Transformer X-Ray: ${refused}`);
      return { refused };
    }
    const beside = editor.viewColumn !== undefined ? editor.viewColumn + 1 : vscode.ViewColumn.Beside;
    const { settings, problems } = readSettings(vscode.workspace.getConfiguration('transformerXray'));
    for (const p of problems) {
      if (this.reportedSettings.has(p)) continue;
      this.reportedSettings.add(p);
      void vscode.window.showWarningMessage(`Transformer X-Ray: ${p}`);
    }
    const choice = chooseRange(editor);
    if (!choice.ok) {
      void vscode.window.showInformationMessage(`Transformer X-Ray: ${choice.message}`);
      return { refused: choice.message };
    }
    const { document, range, text, label } = choice.value;
    // Where the text was read: an edit while the model loads then marks the run stale.
    const where = { document, version: document.version, baseOffset: document.offsetAt(range.start), endOffset: document.offsetAt(range.end) };
    this.requested = { document, start: where.baseOffset, end: where.endOffset };
    const model = await this.model();
    const maxTokens = Math.min(settings.maxTokens, model.config.maxLength);
    const prepared = prepareTokens(model.tokenizer, text, maxTokens);
    const untrained = untrainedPositionsNotice(prepared.tokens.length, model.trainedLength);
    const notices = [...choice.value.notices, ...prepared.notices, ...(untrained ? [untrained] : [])];

    // Beside the analysed editor, fixed now: loading the model (above) gives focus time to move elsewhere.
    const panel = AttentionPanel.createOrReveal(this.extensionUri, this.log, beside);
    return this.send(panel, model, settings.backend, { label, notices, tokens: prepared.tokens }, where);
  }

  /** True when the latest run (finished or still starting) analyses exactly this selection. */
  hasRequested(document: vscode.TextDocument, selection: vscode.Selection): boolean {
    const r = this.requested;
    return r !== undefined && r.document === document && r.start === document.offsetAt(selection.start) && r.end === document.offsetAt(selection.end);
  }

  /**
   * Shows a saved analysis again in a panel VS Code restored after a restart. The tokens come from
   * the webview's saved state, so they are checked against the model before anything is sent.
   */
  async restore(panel: AttentionPanel, saved: { label: string; notices: string[]; tokens: WireToken[] }, view?: ViewRequest): Promise<RunInfo | RunRefusal | undefined> {
    try {
      const model = await this.model();
      if (saved.tokens.length === 0 || saved.tokens.length > model.config.maxLength || saved.tokens.some((t) => t.id >= model.config.vocabSize)) return undefined;
      const { settings } = readSettings(vscode.workspace.getConfiguration('transformerXray'));
      const notices = [...saved.notices.filter((n) => !n.startsWith('Restored')), 'Restored after VS Code restarted: run Visualize Attention again to link it to the editor.'];
      // A restored window may take long to start its webviews: wait as long as the panel lives.
      return await this.send(panel, model, settings.backend, { ...saved, notices, view }, undefined, Infinity);
    } catch (e) {
      this.log.warn(`Could not restore the attention panel: ${String(e)}`);
      return undefined;
    }
  }

  private async send(
    panel: AttentionPanel,
    model: HostModel,
    backend: BackendPreference,
    what: { label: string; notices: string[]; tokens: WireToken[]; view?: ViewRequest },
    where?: { document: vscode.TextDocument; version: number; baseOffset: number; endOffset: number },
    readyTimeoutMs = READY_TIMEOUT_MS,
  ): Promise<RunInfo | RunRefusal> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = await Promise.race([
      panel.whenReady().then(() => true),
      new Promise<boolean>((r) => {
        if (Number.isFinite(readyTimeoutMs)) timer = setTimeout(() => r(false), readyTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!panel.isAlive) return { refused: 'the attention panel was closed before the run started.' };
    if (!ready) throw new Error(`the attention panel did not start within ${readyTimeoutMs / 1000} s. Close it and run Visualize Attention again.`);

    const runId = this.nextRunId++;
    const sendCheckpoint = model.checkpoint !== undefined && !panel.modelsSent.has(model.id);
    const sendVocabulary = !panel.vocabulariesSent.has(model.id);
    const posted = await panel.post({
      type: 'analyze',
      runId,
      sourceLabel: what.label,
      notices: what.notices,
      tokens: what.tokens,
      model: { id: model.id, name: model.name, config: model.config, weightsTrained: model.checkpoint !== undefined, trainedLength: model.trainedLength },
      checkpoint: sendCheckpoint ? model.checkpoint : undefined,
      vocabulary: sendVocabulary ? vocabularyTexts(model.tokenizer) : undefined,
      backend,
      view: what.view,
    });
    if (posted && sendCheckpoint) panel.modelsSent.add(model.id);
    if (posted && sendVocabulary) panel.vocabulariesSent.add(model.id);
    if (posted && where) this.onRun(new AnalysedRun(runId, where.document, where.version, where.baseOffset, where.endOffset, what.tokens));
    this.log.info(`Run ${runId}: ${what.tokens.length} tokens from ${what.label}${posted ? '' : ' (panel closed before sending)'}`);
    return { runId, tokenCount: what.tokens.length, notices: what.notices };
  }
}

/** Every id's display text (`<s>`, `<mask>`, the token's characters), for the Predictions view. */
function vocabularyTexts(tokenizer: Tokenizer): string[] {
  return Array.from({ length: tokenizer.vocabSize }, (_, id) => tokenizer.idToText(id));
}
