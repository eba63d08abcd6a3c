import * as vscode from 'vscode';
import { type ExportFormat } from '../shared/vocabulary';

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  svg: { 'SVG image': ['svg'] },
  json: { JSON: ['json'] },
  csv: { 'CSV table': ['csv'] },
};

/**
 * Asks where to save an export from the panel and writes it. The file name the webview suggests is
 * only a suggestion: the user picks the place in VS Code's own save dialog.
 * Returns the URI written, or undefined when the user cancelled.
 */
export async function saveExport(format: ExportFormat, suggestedName: string, content: Uint8Array): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = suggestedName.endsWith(`.${format}`) ? suggestedName : `${suggestedName}.${format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: FILTERS[format],
    saveLabel: `Export ${format.toUpperCase()}`,
    title: 'Transformer X-Ray: export',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, content);
  return target;
}
