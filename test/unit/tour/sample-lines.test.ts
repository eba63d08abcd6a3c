import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Tokenizer } from '../../../src/model/tokenizer';
import { SHIPPED } from '../../../src/model/config';
import { findLines } from '../../../src/host/tour/sample-lines';
import { TOUR_SAMPLES, TOUR_STEPS } from '../../../src/host/tour/steps';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const sample = (file: string) => fs.readFileSync(path.join(root, 'media', 'samples', file), 'utf8');
const selected = (text: string, span: { startLine: number; endLine: number }) => text.split('\n').slice(span.startLine, span.endLine + 1).join('\n');

describe('tour: the lines each step selects', () => {
  it('spans from the line of the first anchor to the line holding the end of the second', () => {
    const text = 'a\nbegin here\nmiddle\n  }\nnot this\n';
    assert.deepStrictEqual(findLines(text, { file: 't', from: 'begin', to: 'middle' }), { startLine: 1, endLine: 2 });
    // A trailing newline belongs to the line it ends: "\n  }\n" ends on the line "  }".
    assert.deepStrictEqual(findLines(text, { file: 't', from: 'begin', to: '\n  }\n' }), { startLine: 1, endLine: 3 });
    // The end anchor is looked for after the start, not before it.
    assert.deepStrictEqual(findLines('x\ny\nx\n', { file: 't', from: 'y', to: 'x' }), { startLine: 1, endLine: 2 });
  });

  it('names the file and the anchor when one is missing', () => {
    assert.throws(() => findLines('abc', { file: 'f.ts', from: 'zzz', to: 'c' }), /f\.ts: the tour's start anchor "zzz"/);
    assert.throws(() => findLines('c\nabc', { file: 'f.ts', from: 'ab', to: 'c\n' }), /f\.ts: the tour's end anchor/);
  });

  it('every sample the tour opens is shipped', () => {
    for (const file of TOUR_SAMPLES) assert.ok(fs.existsSync(path.join(root, 'media', 'samples', file)), file);
  });

  it('selects the code and prose each step describes in the shipped samples', () => {
    const expected: Record<keyof typeof TOUR_STEPS, [string, string]> = {
      architecture: ['export function balanced(text: string): boolean {', '}'],
      attention: ['  for (const ch of text) {', '  }'],
      heads: ['  for (const ch of text) {', '  }'],
      masks: ['The dog chased the cat', 'already written.'],
      maskedHeatmap: ['The dog chased the cat', 'already written.'],
      positions: ['Η σειρά μετράει:', 'μετά δουλειά».'],
      withoutPositions: ['Η σειρά μετράει:', 'μετά δουλειά».'],
      withPositions: ['Η σειρά μετράει:', 'μετά δουλειά».'],
      valueWeighted: ['export function balanced(text: string): boolean {', '}'],
      predictions: ['export function balanced(text: string): boolean {', '}'],
      cost: ['// Balanced brackets', 'console.log(balanced("f(a[i], {b: g(c)})"), balanced("f(a[i)]"));'],
    };
    for (const [name, step] of Object.entries(TOUR_STEPS) as [keyof typeof TOUR_STEPS, (typeof TOUR_STEPS)[keyof typeof TOUR_STEPS]][]) {
      const text = selected(sample(step.lines.file), findLines(sample(step.lines.file), step.lines));
      const [first, last] = expected[name];
      assert.ok(text.startsWith(first), `${name} starts with ${JSON.stringify(first)}: ${JSON.stringify(text.slice(0, 60))}`);
      assert.ok(text.endsWith(last), `${name} ends with ${JSON.stringify(last)}: ${JSON.stringify(text.slice(-60))}`);
    }
  });

  it('keeps every selection short enough to read as a heatmap and within the shipped model', () => {
    const tokenizer = Tokenizer.fromJSON(JSON.parse(fs.readFileSync(path.join(root, 'media', 'model', 'tokenizer.json'), 'utf8')));
    for (const [name, step] of Object.entries(TOUR_STEPS)) {
      const n = tokenizer.encode(selected(sample(step.lines.file), findLines(sample(step.lines.file), step.lines))).length;
      // The cost step reads a whole file on purpose (n from a bigger selection); the others stay small.
      const limit = name === 'cost' ? SHIPPED.maxLength : 170;
      assert.ok(n >= 20 && n <= limit, `${name}: ${n} tokens`);
    }
  });

  it('the Greek sample repeats its words in another order, which is what the positional-encoding step shows', () => {
    const tokenizer = Tokenizer.fromJSON(JSON.parse(fs.readFileSync(path.join(root, 'media', 'model', 'tokenizer.json'), 'utf8')));
    const text = sample('order.el.txt').trim();
    // «πρώτα δουλειά, μετά παιχνίδι» and «πρώτα παιχνίδι, μετά δουλειά»: the same words, another order.
    const [first, second] = [...text.matchAll(/«([^»]*)»/g)].map((m) => m[1]);
    const words = (s: string) => s.split(/[ ,]+/).filter(Boolean);
    assert.deepStrictEqual(words(first).sort(), words(second).sort());
    assert.notDeepStrictEqual(words(first), words(second));
    const ids = tokenizer.encode(text).map((t) => t.id);
    assert.ok(new Set(ids).size < ids.length / 2, 'most tokens repeat: without positions, their rows coincide');
  });
});
