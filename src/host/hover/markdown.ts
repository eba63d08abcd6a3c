/**
 * Small Markdown builders for hover text that may contain anything (token text comes from the
 * user's document). No `vscode` import.
 */

/** Characters that Markdown (CommonMark + GFM tables) could read as syntax. */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

/** Plain text shown literally in Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/**
 * An inline code span showing `text` literally, whatever backticks it holds: the fence is one
 * backtick longer than the longest run inside, and padded when the text starts or ends with one.
 */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A code span safe inside a GFM table cell, where `|` ends the cell even inside code. */
export function tableCodeSpan(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}

/** A fenced code block whose fence no line of `code` can close. */
export function codeBlock(code: string, language = 'text'): string {
  const longestRun = Math.max(0, ...Array.from(code.matchAll(/`{3,}/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}
