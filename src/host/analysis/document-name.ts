/** Plain TypeScript (no vscode import), so that Node tests can check it. */
/**
 * How the panel names a document: its file name; "Output panel" for an output channel (whose URI
 * path is an internal id); the git version for a side of a git diff ("greet.ts (HEAD)").
 */
export function documentName(uri: { scheme: string; path: string; query: string; toString(): string }, isUntitled: boolean): string {
  if (isUntitled) return uri.path;
  if (uri.scheme === 'output') return 'Output panel';
  const base = uri.path.split('/').pop() || uri.toString();
  if (uri.scheme === 'git') {
    const ref = gitRef(uri.query);
    return ref ? `${base} (${ref})` : `${base} (git)`;
  }
  return base;
}

/** The ref of a git extension URI (its query is JSON: `{"path": ..., "ref": "HEAD"}`; "~" is the index). */
function gitRef(query: string): string | undefined {
  try {
    const ref = (JSON.parse(query) as { ref?: unknown }).ref;
    if (typeof ref !== 'string' || ref.length === 0) return undefined;
    return ref === '~' ? 'index' : ref.slice(0, 40);
  } catch {
    return undefined;
  }
}
