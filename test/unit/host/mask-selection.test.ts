import * as assert from 'assert';
import { tokensOverlapping } from '../../../src/host/editor/mask-selection';

describe('editor: tokens a selection masks', () => {
  const tokens = [{ id: 5, text: 'def', start: 0, end: 3 }, { id: 6, text: ' f', start: 3, end: 5 }, { id: 7, text: '(', start: 5, end: 6 }];
  it('takes every token the selection overlaps, even partly', () => {
    assert.deepStrictEqual(tokensOverlapping(tokens, 2, 4), [0, 1]);
    assert.deepStrictEqual(tokensOverlapping(tokens, 0, 6), [0, 1, 2]);
    assert.deepStrictEqual(tokensOverlapping(tokens, 3, 5), [1]);
  });
  it('an empty selection takes the token under the cursor; outside the range, none', () => {
    assert.deepStrictEqual(tokensOverlapping(tokens, 4, 4), [1]);
    assert.deepStrictEqual(tokensOverlapping(tokens, 6, 6), []);
    assert.deepStrictEqual(tokensOverlapping(tokens, 10, 12), []);
  });
});
