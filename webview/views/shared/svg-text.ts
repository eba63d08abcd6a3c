/** Escaping for SVG strings built for export (standalone files, never injected with innerHTML). */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** Rounds coordinates so exported files stay small and diff-able. */
export function num(v: number): string {
  return Number(v.toFixed(2)).toString();
}
