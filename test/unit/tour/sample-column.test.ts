import * as assert from 'assert';
import { sampleColumn } from '../../../src/host/tour/sample-column';

describe('tour: where the sample opens', () => {
  it('reuses the column already showing a tour sample, whatever is active', () => {
    assert.strictEqual(sampleColumn({ sampleColumn: 2 }), 2);
    assert.strictEqual(sampleColumn({ sampleColumn: 2, activeTextColumn: 1 }), 2);
    assert.strictEqual(sampleColumn({ sampleColumn: 2, activePanelColumn: 3 }), 2);
  });

  it('opens beside the walkthrough, so it stays in view', () => {
    assert.strictEqual(sampleColumn({}), 'beside');
  });

  it('opens in the column of the active text editor when run from the palette in code', () => {
    assert.strictEqual(sampleColumn({ activeTextColumn: 1 }), 1);
    assert.strictEqual(sampleColumn({ activeTextColumn: 3 }), 3);
  });

  it('never beside the attention panel, which would give the sample a column of its own', () => {
    assert.strictEqual(sampleColumn({ activePanelColumn: 2 }), 1);
    assert.strictEqual(sampleColumn({ activePanelColumn: 1 }), 2);
  });
});
