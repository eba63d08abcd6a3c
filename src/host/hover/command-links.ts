/**
 * `command:` links in hover Markdown, and the commands each kind of hover may run (its
 * MarkdownString is trusted for exactly those, nothing else). No `vscode` import.
 */
import type { ShowViewArgs } from './concept';

export const SHOW_VIEW_COMMAND = 'transformerXray.showView';
export const FOCUS_TOKEN_COMMAND = 'transformerXray.focusToken';
export const VISUALIZE_COMMAND = 'transformerXray.visualizeAttention';

/** Commands a concept hover may run. */
export const CONCEPT_HOVER_COMMANDS: readonly string[] = [SHOW_VIEW_COMMAND, VISUALIZE_COMMAND];
/** Commands a token hover may run. */
export const TOKEN_HOVER_COMMANDS: readonly string[] = [FOCUS_TOKEN_COMMAND, VISUALIZE_COMMAND];

/**
 * A `command:` URI. The arguments travel as a URI-encoded JSON array (VS Code spreads it into the
 * command's parameters), so `commandUri(id, {a: 1})` calls the command with `{a: 1}`.
 */
export function commandUri(command: string, ...args: unknown[]): string {
  if (args.length === 0) return `command:${command}`;
  // encodeURIComponent leaves ( ) ! ' * ~ alone, and a ")" would end the Markdown link.
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[()!'*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${query}`;
}

/** A Markdown link that runs a command; the label must already be Markdown-safe. */
export function commandLink(label: string, command: string, ...args: unknown[]): string {
  return `[${label}](${commandUri(command, ...args)})`;
}

export const showViewLink = (view: ShowViewArgs) => commandLink('Show in Visualize Attention', SHOW_VIEW_COMMAND, view);
export const focusTokenLink = (runId: number, index: number) => commandLink('Focus this token in the panel', FOCUS_TOKEN_COMMAND, { runId, index });
export const rerunLink = () => commandLink('Run Visualize Attention again', VISUALIZE_COMMAND);
