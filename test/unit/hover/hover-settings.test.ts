import * as assert from 'assert';
import { HOVER_DEFAULTS, readHoverSettings } from '../../../src/host/hover/hover-settings';

const section = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });

describe('hover settings', () => {
  it('turns both hovers on by default', () => {
    assert.deepStrictEqual(readHoverSettings(section({})), { tokens: true, concepts: true });
    assert.deepStrictEqual(HOVER_DEFAULTS, { tokens: true, concepts: true });
  });
  it('reads each switch on its own', () => {
    assert.deepStrictEqual(readHoverSettings(section({ 'hovers.tokens': false })), { tokens: false, concepts: true });
    assert.deepStrictEqual(readHoverSettings(section({ 'hovers.concepts': false })), { tokens: true, concepts: false });
  });
  it('ignores values that are not booleans', () => {
    assert.deepStrictEqual(readHoverSettings(section({ 'hovers.tokens': 'no', 'hovers.concepts': 0 })), { tokens: true, concepts: true });
  });
});
