/**
 * The panel's closed vocabularies, each written once as an `as const` list; the types derive from
 * the lists, so the host's validators, the webview's controls and the views agree by construction.
 */
/** The Transformer's three attentions: the model's own list (paper 3.2.3). */
export { ATTENTION_KINDS, type AttentionKind } from '../model/attention-kinds';
/** The panel's tabs, in the order they are shown. */
export declare const VIEW_TABS: readonly ["heatmap", "overview", "arcs", "masks", "positions", "model", "tokens", "qk", "predictions", "difference"];
export type TabId = (typeof VIEW_TABS)[number];
/** What the panel can save: pictures (PNG, SVG) and the numbers (JSON, CSV). */
export declare const EXPORT_FORMATS: readonly ["png", "svg", "json", "csv"];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The tfjs backends the engine can run on, and the setting that chooses among them. */
export declare const BACKENDS: readonly ["webgl", "wasm", "cpu"];
export type Backend = (typeof BACKENDS)[number];
export declare const BACKEND_PREFERENCES: readonly ["auto", "webgl", "wasm", "cpu"];
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];
/** Raw attention weights, or value-weighted ones (‖α_ij f(x_j)‖). */
export declare const MEASURES: readonly ["raw", "weighted"];
export type Measure = (typeof MEASURES)[number];
/** `includes` for a closed list, narrowing an untrusted value to the list's type. */
export declare function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T;
