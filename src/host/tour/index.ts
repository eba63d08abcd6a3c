/**
 * The guided tour: the walkthrough contributed in package.json (`contributes.walkthroughs`, id
 * `transformerXray.tour`) and the commands its buttons run. VS Code opens the walkthrough by itself
 * when the extension is installed; `Transformer X-Ray: Open Tour` opens it again.
 */
import * as vscode from 'vscode';
import type { WebviewMessage } from '../../shared/protocol';
import { RunWatcher } from './run-watcher';
import { openSample, runStep, type StepResult } from './run-step';
import { EXPORT_EXAMPLE, OPEN_TOUR_COMMAND, TOUR_STEPS, WALKTHROUGH_ID } from './steps';

export interface TourDeps {
  /** Validated messages from the attention panel's webview (what `XrayApi.onWebviewMessage` gives). */
  messages: vscode.Event<WebviewMessage>;
  log: vscode.LogOutputChannel;
}

export function registerTour(context: vscode.ExtensionContext, deps: TourDeps): void {
  const watcher = new RunWatcher(deps.messages);
  // Steps run one after another: a second click while a step is still running waits for it, so
  // two steps never select, run and switch views interleaved.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const step = (name: keyof typeof TOUR_STEPS) => () =>
    serially(async (): Promise<StepResult> => {
      try {
        const result = await runStep(context.extensionUri, TOUR_STEPS[name], watcher);
        if (result.ok) deps.log.info(`Tour step ${name}: run ${result.runId}, ${result.tokenCount} tokens`);
        else deps.log.warn(`Tour step ${name}: ${result.reason}`);
        return result;
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        deps.log.error(`Tour step ${name} failed: ${reason}`);
        void vscode.window.showErrorMessage(`Transformer X-Ray tour: ${reason}`);
        return { ok: false, reason };
      }
    });

  context.subscriptions.push(
    watcher,
    vscode.commands.registerCommand(OPEN_TOUR_COMMAND, async () => {
      // The walkthrough's full id is "<publisher>.<name>#<id>"; taken from the running extension so
      // it stays right if the extension is renamed.
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
      return true;
    }),
    ...(Object.keys(TOUR_STEPS) as (keyof typeof TOUR_STEPS)[]).map((name) => vscode.commands.registerCommand(TOUR_STEPS[name].command, step(name))),
    vscode.commands.registerCommand(EXPORT_EXAMPLE.command, () =>
      serially(async () => {
        await openSample(context.extensionUri, EXPORT_EXAMPLE.file);
        return true;
      }),
    ),
  );
}
