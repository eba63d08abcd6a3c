"use strict";
/**
 * The panel's closed vocabularies, each written once as an `as const` list; the types derive from
 * the lists, so the host's validators, the webview's controls and the views agree by construction.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.MEASURES = exports.BACKEND_PREFERENCES = exports.BACKENDS = exports.EXPORT_FORMATS = exports.VIEW_TABS = exports.ATTENTION_KINDS = void 0;
exports.isOneOf = isOneOf;
/** The Transformer's three attentions: the model's own list (paper 3.2.3). */
var attention_kinds_1 = require("../model/attention-kinds");
Object.defineProperty(exports, "ATTENTION_KINDS", { enumerable: true, get: function () { return attention_kinds_1.ATTENTION_KINDS; } });
/** The panel's tabs, in the order they are shown. */
exports.VIEW_TABS = ['heatmap', 'overview', 'arcs', 'masks', 'positions', 'model', 'tokens', 'qk', 'predictions', 'difference'];
/** What the panel can save: pictures (PNG, SVG) and the numbers (JSON, CSV). */
exports.EXPORT_FORMATS = ['png', 'svg', 'json', 'csv'];
/** The tfjs backends the engine can run on, and the setting that chooses among them. */
exports.BACKENDS = ['webgl', 'wasm', 'cpu'];
exports.BACKEND_PREFERENCES = ['auto', ...exports.BACKENDS];
/** Raw attention weights, or value-weighted ones (‖α_ij f(x_j)‖). */
exports.MEASURES = ['raw', 'weighted'];
/** `includes` for a closed list, narrowing an untrusted value to the list's type. */
function isOneOf(list, value) {
    return list.includes(value);
}
//# sourceMappingURL=vocabulary.js.map