/**
 * The hover settings, validated: anything but a boolean means the default (on). No `vscode`
 * import: the caller passes its configuration section.
 */
export interface HoverSettings {
  /** `transformerXray.hovers.tokens`: token hovers over an analysed range. */
  tokens: boolean;
  /** `transformerXray.hovers.concepts`: explanations of Transformer terms in any document. */
  concepts: boolean;
}

export const HOVER_DEFAULTS: HoverSettings = { tokens: true, concepts: true };

/** Reads from `vscode.workspace.getConfiguration('transformerXray')` or any object with `get`. */
export function readHoverSettings(c: { get(key: string): unknown }): HoverSettings {
  const flag = (key: string, fallback: boolean) => {
    const v = c.get(key);
    return typeof v === 'boolean' ? v : fallback;
  };
  return { tokens: flag('hovers.tokens', HOVER_DEFAULTS.tokens), concepts: flag('hovers.concepts', HOVER_DEFAULTS.concepts) };
}
