import * as assert from 'assert';
import { DEFAULTS, parseSettings } from '../../../src/host/settings';

describe('settings', () => {
  it('uses the defaults when nothing is set', () => {
    assert.deepStrictEqual(parseSettings({}), { settings: DEFAULTS, problems: [] });
  });
  it('keeps valid values', () => {
    const r = parseSettings({ backend: 'wasm', maxTokens: 64, followSelection: false });
    assert.deepStrictEqual(r.settings, { backend: 'wasm', maxTokens: 64, followSelection: false });
    assert.deepStrictEqual(r.problems, []);
  });
  it('reports each invalid value by name and uses its default', () => {
    const r = parseSettings({ backend: 'gpu', maxTokens: 1e9, followSelection: 'yes' });
    assert.deepStrictEqual(r.settings, DEFAULTS);
    assert.strictEqual(r.problems.length, 3);
    assert.match(r.problems[0], /transformerXray\.backend is "gpu"; expected one of auto, webgl, wasm, cpu\. Using "auto"/);
    assert.match(r.problems[1], /transformerXray\.maxTokens is 1000000000; expected an integer from 2 to 4096\. Using 512/);
    assert.match(r.problems[2], /transformerXray\.followSelection/);
  });
  it('rejects fractional and tiny token limits', () => {
    assert.strictEqual(parseSettings({ maxTokens: 12.5 }).problems.length, 1);
    assert.strictEqual(parseSettings({ maxTokens: 1 }).problems.length, 1);
  });
});
