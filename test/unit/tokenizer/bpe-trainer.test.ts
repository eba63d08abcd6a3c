import * as assert from 'assert';
import fc from 'fast-check';
import { FIRST_MERGE_ID, Tokenizer, pretokenizePieces, toTokenizerJSON, trainBpe } from '../../../src/model/tokenizer';
import { allStrings } from './arbitraries';

const CORPUS = [
  'function add(a, b) {\n  return a + b;\n}\n',
  'const userName = getUserName(user);\nconst userId = getUserId(user);\n',
  'def snake_case_function(self, other_value):\n    return self.value + other_value\n',
  'for (let i = 0; i < items.length; i++) {\n  total += items[i].price;\n}\n',
  'class HTTPServer extends EventEmitter {\n  constructor() {\n    super();\n  }\n}\n',
];

function countPieces(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const p of pretokenizePieces(t)) counts.set(p, (counts.get(p) ?? 0) + 1);
  return counts;
}

describe('tokenizer/trainBpe', () => {
  it('learns identical merges when trained twice on the same corpus', () => {
    const a = toTokenizerJSON(trainBpe(countPieces(CORPUS), 400));
    const b = toTokenizerJSON(trainBpe(countPieces(CORPUS), 400));
    assert.ok(a.merges.length > 40);
    assert.deepStrictEqual(b.merges, a.merges);
    assert.strictEqual(b.version, a.version);
  });

  it('does not depend on the order the corpus pieces were counted in', () => {
    const forward = trainBpe(countPieces(CORPUS), 400);
    const backward = trainBpe(countPieces([...CORPUS].reverse()), 400);
    assert.deepStrictEqual(backward, forward);
  });

  it('merges the most frequent pair first, breaking ties by the smaller ids', () => {
    // "ab" occurs 5 times, "cd" 5 times, "ef" 2 times: ab (ids 97+4, 98+4) < cd wins the tie.
    const merges = trainBpe(new Map([['ab', 5], ['cd', 5], ['ef', 2]]), FIRST_MERGE_ID + 10, 1);
    assert.deepStrictEqual(merges, [[101, 102], [103, 104], [105, 106]]);
  });

  it('stops at the requested vocabulary size', () => {
    assert.strictEqual(trainBpe(countPieces(CORPUS), FIRST_MERGE_ID + 7).length, 7);
  });

  it('yields a tokenizer that round-trips any string and compresses its training text', () => {
    const tok = Tokenizer.fromJSON(toTokenizerJSON(trainBpe(countPieces(CORPUS), 400)));
    fc.assert(fc.property(allStrings, (s) => tok.decode(tok.encodeIds(s)) === s), { numRuns: 300 });
    const text = CORPUS.join('');
    const ratio = Buffer.byteLength(text) / tok.encodeIds(text).length;
    assert.ok(ratio > 1.5, `only ${ratio.toFixed(2)} bytes per token`);
  });
});
