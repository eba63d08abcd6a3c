/**
 * The run's notices (cut selection, fallback backend, random weights) as one short line that opens
 * to the full text: they matter, but must not push the picture below the fold.
 */
import { el } from '../views/shared/dom';

export interface Notice {
  text: string;
  /** Extra class of its paragraph (`fallback` for the backend's note). */
  className?: string;
}

/** Longest summary line, in characters, before it is cut with … */
const SUMMARY_CHARS = 110;

/** The first sentence of a notice, cut to fit one line. */
export function shortNotice(text: string): string {
  const sentence = /^(.+?[.;])(\s|$)/.exec(text)?.[1] ?? text;
  const chars = Array.from(sentence);
  return chars.length <= SUMMARY_CHARS ? sentence : `${chars.slice(0, SUMMARY_CHARS - 1).join('')}…`;
}

/** Summary line for a list of notices: the first one, short, and how many more there are. */
export function noticesSummary(notices: readonly Notice[]): string {
  const more = notices.length > 1 ? ` (+${notices.length - 1} more)` : '';
  return `⚠ ${shortNotice(notices[0].text)}${more}`;
}

export function noticesDisclosure(notices: readonly Notice[]): HTMLDetailsElement {
  return el('details', { class: 'xr-notices' }, [
    el('summary', { class: 'xr-notices-summary' }, [noticesSummary(notices)]),
    ...notices.map((n) => el('p', { class: `notice${n.className ? ` ${n.className}` : ''}` }, [n.text])),
  ]);
}
