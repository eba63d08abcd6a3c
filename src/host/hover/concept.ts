/**
 * What one entry of the concept catalogue holds: the explanation a hover shows, and the words that
 * summon it. Pure data types, no `vscode` import.
 */

/** A tab of the attention panel (the webview's TabId), and the attention it should show. */
export interface ShowViewArgs {
  tab: 'heatmap' | 'overview' | 'arcs' | 'masks' | 'positions' | 'model' | 'tokens';
  kind?: 'encoderSelf' | 'decoderSelf' | 'cross';
}

/**
 * How a concept is written in code and prose.
 *
 * `words` is a phrase of parts separated by spaces; `|` separates spellings of one part, e.g.
 * `'multi head attention|attn'`. A phrase matches the parts joined in any code or prose convention:
 * `multi_head_attention`, `MultiHeadAttention`, `MULTI_HEAD_ATTN`, `multihead attention`,
 * `multi-head attention`, LaTeX `d_{\text{model}}`; the last part may take a plural `s`/`es`.
 * Phrases with a one-letter part (`d model`, `n heads`) never join their parts with spaces, so
 * prose such as "d k" does not match.
 *
 * `pattern` is a regular expression for notation no phrase can describe (`QKᵀ`, `sqrt(d_k)`,
 * `Q, K, V`). It must bound every quantifier (no `*`, `+` or `{n,}`), because recognition only looks
 * at a window of the line around the cursor. Every match must contain one of its `anchors`
 * (lower-case): the recognizer skips the pattern when none is near the cursor.
 */
export type TermForm = { words: string } | { pattern: RegExp; anchors: string[] };

/** One explained idea of the paper. */
export interface Concept {
  /** Stable identifier, e.g. `multi-head-attention`. */
  id: string;
  title: string;
  /** Where the paper says it, e.g. `§3.2.2`. */
  section: string;
  /** One paragraph of Markdown, accurate to the paper. */
  explanation: string;
  /** The equation in plain Unicode (shown in a code block: VS Code hovers do not render TeX). */
  equation: string;
  /** Shapes of the tensors involved, with the paper's base sizes as the example (Markdown lines). */
  shapes: string[];
  /** Optional note on how libraries name it (PyTorch, Hugging Face, ...), in Markdown. */
  inCode?: string;
  /** The panel view that shows it, when there is one. */
  view?: ShowViewArgs;
  /** The spellings that summon this hover. */
  terms: TermForm[];
}
