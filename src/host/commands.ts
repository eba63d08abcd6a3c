import * as vscode from 'vscode';
import type { AttentionSession } from './attention-session';
import { VIEW_TYPE } from './panel/attention-panel';
import { FOCUS_TOKEN_COMMAND, SHOW_VIEW_COMMAND, VISUALIZE_COMMAND } from './hover/command-links';
import { MASK_SELECTION_COMMAND, tokensOverlapping } from './editor/mask-selection';
import { validateViewRequest } from '../shared/protocol';

/**
 * The extension's commands and the panel's serializer. Arguments from hover links and the
 * walkthrough are checked like any outside input.
 */
export function registerCommands(session: AttentionSession, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(VISUALIZE_COMMAND, () => session.visualize()),
    vscode.commands.registerCommand(SHOW_VIEW_COMMAND, (args: unknown) => showView(session, log, args)),
    vscode.commands.registerCommand('transformerXray.openCheckpoint', () => openCheckpoint(session)),
    vscode.commands.registerCommand(MASK_SELECTION_COMMAND, () => maskSelection(session)),
    vscode.commands.registerCommand(FOCUS_TOKEN_COMMAND, (args: unknown) => focusToken(session, args)),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        session.revive(panel, state);
      },
    }),
  ];
}

async function showView(session: AttentionSession, log: vscode.LogOutputChannel, args: unknown): Promise<boolean> {
  const view = validateViewRequest(args);
  if (!view) {
    log.warn(`showView: ignored malformed arguments ${JSON.stringify(args)?.slice(0, 200)}`);
    return false;
  }
  if (!session.panel) await session.visualize();
  return session.post({ type: 'showView', view });
}

async function openCheckpoint(session: AttentionSession): Promise<unknown> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'safetensors checkpoint': ['safetensors'] },
    openLabel: 'Show its attention',
    title: 'Transformer X-Ray: open a checkpoint',
  });
  if (!picked?.[0]) return undefined;
  await vscode.workspace.getConfiguration('transformerXray').update('checkpointPath', picked[0].fsPath, vscode.ConfigurationTarget.Global);
  return session.visualize();
}

/** Replaces the tokens under the editor's selection by <mask> in the panel's run. */
async function maskSelection(session: AttentionSession): Promise<boolean> {
  const run = session.currentRun;
  const editor = vscode.window.activeTextEditor;
  if (!run || !session.panel || !editor || editor.document !== run.document || !run.isCurrent) {
    void vscode.window.showInformationMessage('Transformer X-Ray: select tokens of the analysed code (unchanged since Visualize Attention) to mask them.');
    return false;
  }
  const start = editor.document.offsetAt(editor.selection.start) - run.baseOffset;
  const end = editor.document.offsetAt(editor.selection.end) - run.baseOffset;
  const indices = tokensOverlapping(run.tokens, start, end);
  if (indices.length === 0) return false;
  return session.post({ type: 'mask', runId: run.runId, indices });
}

async function focusToken(session: AttentionSession, args: unknown): Promise<boolean> {
  const run = session.currentRun;
  const a = args as { runId?: unknown; index?: unknown } | undefined;
  const index = a?.index;
  if (!run || a?.runId !== run.runId || !Number.isInteger(index) || (index as number) < 0 || (index as number) >= run.tokens.length) return false;
  return session.post({ type: 'focus', runId: run.runId, index: index as number });
}
