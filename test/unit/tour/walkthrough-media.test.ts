import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { SHIPPED } from '../../../src/model/config';
import { costFigures, grouped } from '../../../scripts/walkthrough/cost-figures';
import { COST_N, generatedFiles } from '../../../scripts/walkthrough/make-media';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
const walkthrough = path.join(root, 'media', 'walkthrough');

describe('tour: the walkthrough media', () => {
  it('the generated diagram and cost table are up to date with SHIPPED (regenerate: node out/scripts/walkthrough/make-media.js)', () => {
    for (const { rel, content } of generatedFiles(read)) assert.strictEqual(read(rel), content, `${rel} is stale`);
  });

  it('the cost numbers at n = 1024 are those of Table 1 for the shipped model, checked by hand', () => {
    assert.strictEqual(COST_N, 1024);
    const f = costFigures(SHIPPED, 1024);
    // d = 128: n²·d = 2^20·2^7, n·d² = 2^10·2^14, k·n·d² with k = 3, r·n·d with r = 16.
    assert.strictEqual(f.selfAttention, 134_217_728);
    assert.strictEqual(f.recurrent, 16_777_216);
    assert.strictEqual(f.convolutional, 50_331_648);
    assert.strictEqual(f.restricted, 2_097_152);
    assert.strictEqual(f.restrictedPath, 64);
    assert.ok(Math.abs(f.convolutionalPath - Math.log(1024) / Math.log(3)) < 1e-12);
    // 3 attentions (encoder self; decoder self and cross) × N = 3 layers × h = 4 heads × n².
    assert.strictEqual(f.attentionWeights, 9 * 4 * 1024 * 1024);
    // Per layer: Q·Kᵀ and weights·V are each h·n²·d_k = n²·d_model multiply-adds.
    assert.strictEqual(f.quadraticMultiplyAdds, 3 * 3 * 2 * 1024 * 1024 * 128);
    // Projections 4·n·d² per attention, FFN 2·n·d·d_ff, generator n·d·vocab.
    const n = 1024, d = 128;
    const attention = 4 * n * d * d + 2 * n * n * d;
    const ffn = 2 * n * d * 512;
    assert.strictEqual(f.multiplyAdds, 3 * (attention + ffn) + 3 * (2 * attention + ffn) + n * d * 16384);
    const md = read('media/walkthrough/6-cost.md');
    for (const value of [f.selfAttention, f.recurrent, f.convolutional, f.restricted, f.attentionWeights, f.multiplyAdds]) {
      assert.ok(md.includes(grouped(value)), `6-cost.md states ${grouped(value)}`);
    }
    assert.match(md, /n\/d = 8 times/);
    assert.match(md, /151 MB/);
  });

  it('every size a step states as "name = value" is the shipped model\'s', () => {
    const sizes: Record<string, number> = {
      N: SHIPPED.N, d_model: SHIPPED.dModel, d_ff: SHIPPED.dFF, h: SHIPPED.h, d_k: SHIPPED.dK, 'd_k = d_v': SHIPPED.dK, maxLength: SHIPPED.maxLength,
    };
    let checked = 0;
    for (const file of fs.readdirSync(walkthrough).filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(walkthrough, file), 'utf8');
      for (const m of text.matchAll(/(?<!\/ )\b(N|d_model|d_ff|h|d_k = d_v|d_k|maxLength) = (\d+)\b/g)) {
        // Not "d_model / h = 32" (a quotient) nor "d = 128" (Table 1's d, checked above).
        assert.strictEqual(Number(m[2]), sizes[m[1]], `${file}: "${m[0]}"`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `found ${checked} stated sizes`);
  });

  it('the diagram states the shipped sizes', () => {
    const svg = read('media/walkthrough/architecture.svg');
    for (const s of [`N = ${SHIPPED.N} identical layers`, `d_model ${SHIPPED.dModel} → d_ff ${SHIPPED.dFF}`, `h = ${SHIPPED.h} heads, d_k = d_v = ${SHIPPED.dK}`, `Embedding ${SHIPPED.vocabSize} × ${SHIPPED.dModel}`]) {
      assert.ok(svg.includes(s), s);
    }
  });
});
