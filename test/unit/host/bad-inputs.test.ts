import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { prepareTokens } from '../../../src/host/analysis/prepare';
import { Tokenizer } from '../../../src/model/tokenizer';
import { BAD_INPUTS } from '../../corpus/bad-inputs';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const tokenizer = Tokenizer.fromJSON(JSON.parse(fs.readFileSync(path.join(root, 'media', 'model', 'tokenizer.json'), 'utf8')));

describe('bad input: tokenising and cutting with the shipped tokenizer', () => {
  for (const input of BAD_INPUTS.filter((i) => i.expect === 'runs')) {
    it(`${input.name}: tokens tile the text they cover, decode back to it, and any cut is announced`, () => {
      const text = input.text();
      const started = Date.now();
      const r = prepareTokens(tokenizer, text, 512);
      const ms = Date.now() - started;
      assert.ok(r.tokens.length > 0 && r.tokens.length <= 512);
      let at = 0;
      for (const t of r.tokens) {
        assert.strictEqual(t.start, at, 'no gap or overlap');
        assert.strictEqual(text.slice(t.start, t.end), t.text);
        assert.ok(t.id >= 0 && t.id < tokenizer.vocabSize);
        at = t.end;
      }
      assert.strictEqual(tokenizer.decode(r.tokens.map((t) => t.id)), text.slice(0, at), 'decode(encode(x)) === x');
      if (input.says) assert.match(r.notices.join(' '), input.says);
      else assert.deepStrictEqual(r.notices, []);
      assert.ok(ms < 2000, `took ${ms} ms`);
    });
  }
});
