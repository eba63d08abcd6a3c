/**
 * The panel's closed vocabularies, each written once as an `as const` list; the types derive from
 * the lists, so the host's validators, the webview's controls and the views agree by construction.
 */

/** The Transformer's three attentions: the model's own list (paper 3.2.3). */
export { ATTENTION_KINDS, type AttentionKind } from '../model/attention-kinds';

/** The panel's tabs, in the order they are shown. */
export const VIEW_TABS = ['heatmap', 'overview', 'arcs', 'masks', 'positions', 'model', 'tokens', 'qk', 'predictions', 'difference'] as const;
export type TabId = (typeof VIEW_TABS)[number];

/** What the panel can save: pictures (PNG, SVG) and the numbers (JSON, CSV). */
export const EXPORT_FORMATS = ['png', 'svg', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The tfjs backends the engine can run on, and the setting that chooses among them. */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];
export const BACKEND_PREFERENCES = ['auto', ...BACKENDS] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

/** Raw attention weights, or value-weighted ones (‖α_ij f(x_j)‖). */
export const MEASURES = ['raw', 'weighted'] as const;
export type Measure = (typeof MEASURES)[number];

/** `includes` for a closed list, narrowing an untrusted value to the list's type. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value);
}
