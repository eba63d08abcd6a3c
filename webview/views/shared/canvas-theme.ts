/**
 * The theme colours and fonts a canvas needs, read from the VS Code CSS variables at paint time
 * (canvas pixels cannot refer to CSS variables). Fallbacks are VS Code's Dark Modern values, for
 * pages outside VS Code.
 */
import { themeColor } from './dom';

export interface CanvasTheme {
  foreground: string;
  muted: string;
  background: string;
  focus: string;
  monoFont: string;
  uiFont: string;
}

export function readCanvasTheme(from: Element): CanvasTheme {
  return {
    foreground: themeColor(from, '--vscode-foreground', '#cccccc'),
    muted: themeColor(from, '--vscode-descriptionForeground', '#9d9d9d'),
    background: themeColor(from, '--vscode-editor-background', '#1f1f1f'),
    focus: themeColor(from, '--vscode-focusBorder', '#0078d4'),
    monoFont: themeColor(from, '--vscode-editor-font-family', 'monospace'),
    uiFont: themeColor(from, '--vscode-font-family', 'sans-serif'),
  };
}

export const LABEL_FONT_PX = 11;
export const TITLE_FONT_PX = 12;

export function labelFont(t: CanvasTheme, mono: boolean, px = LABEL_FONT_PX): string {
  return `${px}px ${mono ? t.monoFont : t.uiFont}`;
}

export function titleFont(t: CanvasTheme): string {
  return `600 ${TITLE_FONT_PX}px ${t.uiFont}`;
}
