/** The Markdown of a concept hover. No `vscode` import. */
import type { Concept } from './concept';
import { showViewLink } from './command-links';
import { codeBlock } from './markdown';

/** Markdown of a concept hover: title and section, explanation, equation, shapes, code names, link. */
export function conceptMarkdown(concept: Concept): string {
  const blocks = [
    `**${concept.title}** · *Attention Is All You Need*, ${concept.section}`,
    concept.explanation,
    codeBlock(concept.equation),
    `**Shapes**\n${concept.shapes.map((s) => `- ${s}`).join('\n')}`,
  ];
  if (concept.inCode) blocks.push(`**In code:** ${concept.inCode}`);
  if (concept.view) blocks.push(showViewLink(concept.view));
  return blocks.join('\n\n');
}
