import * as assert from 'assert';
import { headName, keyAxisTitle, layerName, matrixTitle, queryAxisTitle } from '../../../webview/views/shared/attention-text';

describe('attention wording', () => {
  it('cross-attention: queries are the decoder input, keys the source (the most mislabelled plot)', () => {
    assert.strictEqual(queryAxisTitle('cross'), 'Queries (decoder input, attending)');
    assert.match(keyAxisTitle('cross'), /^Keys \(source tokens.*attended to\)$/);
  });

  it('decoder self-attention is labelled with the decoder input on both axes, never the source', () => {
    assert.match(queryAxisTitle('decoderSelf'), /decoder input/);
    assert.match(keyAxisTitle('decoderSelf'), /decoder input/);
    assert.doesNotMatch(keyAxisTitle('decoderSelf'), /source/);
  });

  it('encoder self-attention is source × source', () => {
    assert.match(queryAxisTitle('encoderSelf'), /source tokens/);
    assert.match(keyAxisTitle('encoderSelf'), /source tokens/);
  });

  it('counts layers and heads from 1 for display', () => {
    assert.strictEqual(layerName(0), 'Layer 1');
    assert.strictEqual(headName(2), 'Head 3');
    assert.strictEqual(headName('mean'), 'Mean over heads');
    assert.strictEqual(matrixTitle({ kind: 'decoderSelf', layer: 1, head: 0 }), 'Decoder masked self-attention · Layer 2 · Head 1');
  });
});
