import * as assert from 'assert';
import { LIMITS, validateSavedRun, validateViewRequest, validateWebviewMessage } from '../../../src/shared/protocol';

describe('protocol: messages from the webview are untrusted', () => {
  it('accepts each well-formed message and returns a fresh copy holding only known fields', () => {
    const tokens = [{ id: 7, text: 'def', start: 0, end: 3 }];
    const r = validateWebviewMessage({ type: 'tokensShown', runId: 3, tokens });
    assert.ok(r.ok);
    assert.deepStrictEqual(r.value, { type: 'tokensShown', runId: 3, tokens });
    assert.notStrictEqual((r.value as { tokens: unknown }).tokens, tokens, 'a copy, not the sender\'s array');
    for (const m of [
      { type: 'ready' },
      { type: 'backend', backend: 'webgl', renderer: 'ANGLE', fallbackNote: 'x' },
      { type: 'runFinished', runId: 1, millis: 12.5, tensors: 40 },
      { type: 'error', message: 'boom' },
      { type: 'highlight', runId: 1, kind: 'cross', query: 2, weights: [0.5, 0.5] },
      { type: 'highlight', runId: 1, kind: 'encoderSelf', query: null, weights: [] },
      { type: 'pin', pinned: true },
      { type: 'moveWindow', runId: 2, to: 'next' },
      { type: 'moveWindow', runId: 2, to: 'line', line: 40 },
      { type: 'export', format: 'csv', suggestedName: 'attention layer 1.csv', text: 'a,b' },
      { type: 'export', format: 'png', suggestedName: 'heatmap.png', bytes: new Uint8Array([1, 2]) },
    ]) {
      const v = validateWebviewMessage(m);
      assert.ok(v.ok, `${JSON.stringify(m)}: ${v.ok ? '' : v.reason}`);
    }
  });

  const hostile: [string, unknown][] = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['unknown type', { type: 'runCommand', command: 'workbench.action.quit' }],
    ['type of the wrong type', { type: 42 }],
    ['extra field', { type: 'ready', command: 'x' }],
    ['__proto__ key', JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')],
    ['constructor key', { type: 'pin', pinned: true, constructor: { prototype: { polluted: true } } }],
    ['class instance', new (class { type = 'ready'; })()],
    ['negative runId', { type: 'runFinished', runId: -1, millis: 1, tensors: 1 }],
    ['window moved nowhere', { type: 'moveWindow', runId: 1, to: 'sideways' }],
    ['window to line 0', { type: 'moveWindow', runId: 1, to: 'line', line: 0 }],
    ['window to a fractional line', { type: 'moveWindow', runId: 1, to: 'line', line: 2.5 }],
    ['a line on a move that takes none', { type: 'moveWindow', runId: 1, to: 'next', line: 3 }],
    ['NaN millis', { type: 'runFinished', runId: 1, millis: NaN, tensors: 1 }],
    ['fractional runId', { type: 'tokensShown', runId: 1.5, tokens: [] }],
    ['huge token array', { type: 'tokensShown', runId: 1, tokens: new Array(LIMITS.maxTokens + 1).fill({ id: 1, text: 'a', start: 0, end: 1 }) }],
    ['token with end < start', { type: 'tokensShown', runId: 1, tokens: [{ id: 1, text: 'a', start: 2, end: 1 }] }],
    ['token with an extra field', { type: 'tokensShown', runId: 1, tokens: [{ id: 1, text: 'a', start: 0, end: 1, html: '<img>' }] }],
    ['unknown backend', { type: 'backend', backend: 'webgpu', renderer: 'x' }],
    ['huge renderer string', { type: 'backend', backend: 'cpu', renderer: 'x'.repeat(501) }],
    ['huge error message', { type: 'error', message: 'x'.repeat(2001) }],
    ['weights out of range', { type: 'highlight', runId: 1, kind: 'cross', query: 0, weights: [2] }],
    ['weights not numbers', { type: 'highlight', runId: 1, kind: 'cross', query: 0, weights: ['1'] }],
    ['huge weights', { type: 'highlight', runId: 1, kind: 'cross', query: 0, weights: new Array(LIMITS.maxTokens + 1).fill(0) }],
    ['unknown kind', { type: 'highlight', runId: 1, kind: 'all', query: 0, weights: [] }],
    ['pin not boolean', { type: 'pin', pinned: 'yes' }],
    ['export path traversal', { type: 'export', format: 'csv', suggestedName: '../../.bashrc', text: 'x' }],
    ['export absolute path', { type: 'export', format: 'svg', suggestedName: '/etc/passwd', text: 'x' }],
    ['export hidden file', { type: 'export', format: 'json', suggestedName: '.vscode', text: '{}' }],
    ['export unknown format', { type: 'export', format: 'exe', suggestedName: 'a', text: 'x' }],
    ['png export with text', { type: 'export', format: 'png', suggestedName: 'a.png', text: 'x' }],
    ['csv export with bytes', { type: 'export', format: 'csv', suggestedName: 'a.csv', bytes: new Uint8Array(1) }],
    // Regressions of issue 18: each passed before.
    ['a type whose toString is not a function (survives JSON)', { type: { toString: 1 } }],
    ['sparse weights', { type: 'highlight', runId: 1, kind: 'cross', query: 0, weights: [0.5, , 1] }],
    ['NaN weights', { type: 'highlight', runId: 1, kind: 'cross', query: 0, weights: [NaN] }],
    ['NaN in results', { type: 'results', runId: 1, label: 'l', meanLabel: 'm', focused: Float32Array.of(NaN), mean: Float32Array.of(1), dModel: 1, pe: Float32Array.of(0) }],
    ['infinite positional encodings in results', { type: 'results', runId: 1, label: 'l', meanLabel: 'm', focused: Float32Array.of(1), mean: Float32Array.of(1), dModel: 1, pe: Float32Array.of(Infinity) }],
    ...['CON', 'con.csv', 'nul.png', 'NUL', 'Aux.json', 'com1.svg', 'LPT9', 'prn.tar.gz', '   ', 'name.', 'name ', ' name', '.', '..', 'a:b.csv', 'a|b', 'a?.png', 'a*b', 'a<b', 'tab\there', ''].map(
      (name): [string, unknown] => [`export name ${JSON.stringify(name)}`, { type: 'export', format: 'csv', suggestedName: name, text: 'x' }],
    ),
  ];
  for (const [name, message] of hostile) {
    it(`rejects ${name}`, () => {
      const r = validateWebviewMessage(message);
      assert.strictEqual(r.ok, false);
      assert.ok(!r.ok && r.reason.length > 0);
    });
  }

  it('accepts ordinary export names, device names inside longer words included', () => {
    for (const name of ['attention-cross.csv', 'console.json', 'connect.png', 'nullable (2).svg', 'com10.csv', 'a b.c']) {
      const r = validateWebviewMessage({ type: 'export', format: 'csv', suggestedName: name, text: 'x' });
      assert.ok(r.ok, `${name}: ${r.ok ? '' : r.reason}`);
    }
  });

  it('accepts finite results and copies nothing it did not check', () => {
    const r = validateWebviewMessage({ type: 'results', runId: 1, label: 'l', meanLabel: 'm', focused: Float32Array.of(0.25, 0.75, 1, 0), mean: Float32Array.of(0.5, 0.5, 0.5, 0.5), dModel: 1, pe: Float32Array.of(0, -1) });
    assert.ok(r.ok, r.ok ? '' : r.reason);
  });

  it('never pollutes Object.prototype', () => {
    for (const [, m] of hostile) validateWebviewMessage(m);
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('protocol: saved state of a restored panel', () => {
  const good = { view: { tab: 'heatmap' }, last: { sourceLabel: 'a.py, line 1', notices: ['n'], tokens: [{ id: 5, text: 'x', start: 0, end: 1 }], runId: 3 } };
  it('accepts what the webview saves', () => {
    assert.deepStrictEqual(validateSavedRun(good), { label: 'a.py, line 1', notices: ['n'], tokens: [{ id: 5, text: 'x', start: 0, end: 1 }] });
  });
  for (const [name, state] of [
    ['nothing', undefined],
    ['no last run', { view: {} }],
    ['a label that is not text', { last: { ...good.last, sourceLabel: 42 } }],
    ['too many notices', { last: { ...good.last, notices: new Array(21).fill('n') } }],
    ['malformed tokens', { last: { ...good.last, tokens: [{ id: -1, text: 'x', start: 0, end: 1 }] } }],
  ] as [string, unknown][]) {
    it(`ignores ${name}`, () => assert.strictEqual(validateSavedRun(state), undefined));
  }
});

describe('protocol: viewChanged', () => {
  it('accepts a full view and rejects a partial or foreign one', () => {
    const view = { tab: 'masks', kind: 'decoderSelf', layer: 1, head: 'mean', positionalEncoding: false };
    assert.ok(validateWebviewMessage({ type: 'viewChanged', runId: 2, view }).ok);
    assert.strictEqual(validateWebviewMessage({ type: 'viewChanged', runId: 2, view: { ...view, tab: undefined } }).ok, false);
    assert.strictEqual(validateWebviewMessage({ type: 'viewChanged', runId: 2, view: { ...view, tab: 'settings' } }).ok, false);
    assert.strictEqual(validateWebviewMessage({ type: 'viewChanged', runId: 2, view: { ...view, extra: 1 } }).ok, false);
  });
});

describe('protocol: issue 16 view fields', () => {
  it('accepts the new tabs, layer "rollout" and the measure; rejects anything else', () => {
    for (const tab of ['qk', 'predictions', 'difference']) assert.deepStrictEqual(validateViewRequest({ tab }), { tab });
    assert.deepStrictEqual(validateViewRequest({ layer: 'rollout', measure: 'weighted' }), { layer: 'rollout', measure: 'weighted' });
    assert.strictEqual(validateViewRequest({ layer: 'all' }), undefined);
    assert.strictEqual(validateViewRequest({ measure: 'norm' }), undefined);
    const view = { tab: 'heatmap', kind: 'cross', layer: 'rollout', head: 'mean', positionalEncoding: true };
    const ok = validateWebviewMessage({ type: 'viewChanged', runId: 1, view: { ...view, measure: 'weighted' } });
    assert.ok(ok.ok && ok.value.type === 'viewChanged' && ok.value.view.measure === 'weighted');
    const raw = validateWebviewMessage({ type: 'viewChanged', runId: 1, view });
    assert.ok(raw.ok && raw.value.type === 'viewChanged' && !('measure' in raw.value.view), 'no measure: the raw weights, as before');
  });
});
