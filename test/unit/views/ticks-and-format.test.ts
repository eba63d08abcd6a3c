import * as assert from 'assert';
import { formatCompact, formatCount, formatSigned, formatWeight } from '../../../webview/views/shared/format';
import { niceTicks } from '../../../webview/views/shared/ticks';

describe('ticks and number formats', () => {
  it('ticks fall on nice values inside the range', () => {
    assert.deepStrictEqual(niceTicks(0, 22, 6), [0, 5, 10, 15, 20]);
    assert.deepStrictEqual(niceTicks(-1.05, 1.05, 5), [-1, -0.5, 0, 0.5, 1]);
    assert.deepStrictEqual(niceTicks(-1.05, 1.05, 4), [-1, 0, 1]);
    assert.deepStrictEqual(niceTicks(0, 64, 4), [0, 20, 40, 60]);
  });

  it('formats weights to 4 decimals and counts with thin-space groups', () => {
    assert.strictEqual(formatWeight(0.12345), '0.1235');
    assert.strictEqual(formatWeight(0), '0.0000');
    assert.strictEqual(formatCount(1916928), '1\u2009916\u2009928');
    assert.strictEqual(formatCompact(1916928), '1.92 M');
    assert.strictEqual(formatSigned(-0.5), '−0.5');
  });
});
