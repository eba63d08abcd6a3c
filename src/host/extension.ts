/**
 * Activation only registers things: the attention session (panel, runs, editor shading), the
 * commands, the selection follower, the hovers and the tour. See docs/architecture.md.
 */
import * as vscode from 'vscode';
import { AttentionSession, type XrayApi } from './attention-session';
import { registerCommands } from './commands';
import { SelectionFollower } from './editor/selection-follower';
import { readHoverSettings, registerHovers } from './hover';
import { ModelSource } from './model-source';
import { registerTour } from './tour';

export type { XrayApi } from './attention-session';

export function activate(context: vscode.ExtensionContext): XrayApi {
  const log = vscode.window.createOutputChannel('Transformer X-Ray', { log: true });
  const models = new ModelSource(context.extensionUri);
  const session = new AttentionSession(context, models, log);
  context.subscriptions.push(log, models, session, new SelectionFollower(session), ...registerCommands(session, log));
  registerHovers(context, { insights: session.insights, enabled: () => readHoverSettings(vscode.workspace.getConfiguration('transformerXray')) });
  registerTour(context, { messages: session.onWebviewMessage, log });
  return session;
}

export function deactivate(): void {}
