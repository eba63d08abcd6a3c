import * as vscode from 'vscode';
import { indexAtOffset } from '../analysis/token-index';
import type { WireToken } from '../../shared/protocol';
import { sourceOfTarget, type Side } from '../../shared/teacher-forcing';

/**
 * Where a run's tokens are in the editor. Token offsets are relative to the analysed range, whose
 * start is `baseOffset` in the document at `version`.
 * Decoder positions are the shifted target (shared/teacher-forcing.ts): the start token has no
 * place in the editor.
 */
export class AnalysedRun {
  constructor(
    readonly runId: number,
    readonly document: vscode.TextDocument,
    readonly version: number,
    readonly baseOffset: number,
    /** Document offset one past the analysed range (the range may run past the last token kept). */
    readonly endOffset: number,
    readonly tokens: readonly WireToken[],
    /** True when the run is one window of a text longer than the model reads. */
    readonly windowed = false,
  ) {}

  get isCurrent(): boolean {
    return !this.document.isClosed && this.document.version === this.version;
  }

  /** The source token under a document offset, or undefined outside the analysed range. */
  tokenAt(offset: number): number | undefined {
    return indexAtOffset(this.tokens, offset - this.baseOffset);
  }

  range(sourceIndex: number): vscode.Range {
    const t = this.tokens[sourceIndex];
    return new vscode.Range(this.document.positionAt(this.baseOffset + t.start), this.document.positionAt(this.baseOffset + t.end));
  }

  /** The source token a position of `side` stands for (undefined for the decoder's start token). */
  static sourceIndex(side: Side, index: number): number | undefined {
    return side === 'source' ? index : sourceOfTarget(index);
  }
}

