/**
 * The forward pass on WebGL in headless Chromium (SwiftShader), in float32 and in float16 textures,
 * against the cpu backend in the same page. Needs playwright-core (test/harness/playwright.js) and Chromium;
 * fails (never skips) when either is missing.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SHIPPED } from '../../../src/model/config';
import type { ForwardInput } from '../../../src/model/transformer';
import { Prng } from '../../../src/model/prng';
import { assertClose, assertFinite, assertRowsSumToOne, relativeDifference } from '../../unit/model/helpers/compare';
import { bundleForBrowser, launchChromium, pageWith, repoRoot, type Browser } from './chromium';
import type { CheckRequest, CheckResult, PlainArrays } from './webgl-entry';

const C = SHIPPED;
const nS = 20;
const nT = 13;
const ids = (n: number, seed: number): number[] => { const r = new Prng(seed); return Array.from({ length: n }, () => r.nextUint32() % C.vocabSize); };
const INPUT: ForwardInput = {
  src: [ids(nS, 1), ids(nS, 2)],
  tgt: [ids(nT, 3), ids(nT, 4)],
  srcPadding: [new Array(nS).fill(false), Array.from({ length: nS }, (_, j) => j >= 15)],
  tgtPadding: [new Array(nT).fill(false), Array.from({ length: nT }, (_, j) => j >= 9)],
};

function allOutputs(a: PlainArrays): Array<[string, number[]]> {
  return [
    ...a.encoderSelfAttention.map((x, l): [string, number[]] => [`encoder ${l}`, x]),
    ...a.decoderSelfAttention.map((x, l): [string, number[]] => [`decoder ${l}`, x]),
    ...a.crossAttention.map((x, l): [string, number[]] => [`cross ${l}`, x]),
    ['positional encoding', a.positionalEncoding], ['probabilities', a.probabilities],
  ];
}

/** The largest relative difference over all outputs, for the log. */
function worst(a: PlainArrays, b: PlainArrays): string {
  const cpu = allOutputs(b);
  const [name, d] = allOutputs(a).map(([n, x], i): [string, number] => [n, relativeDifference(x, cpu[i][1])]).reduce((m, x) => (x[1] > m[1] ? x : m));
  return `${d.toExponential(2)} (${name})`;
}

function assertMaskedZeros(a: PlainArrays, what: string): void {
  for (const w of a.decoderSelfAttention) {
    for (let bh = 0; bh < 2 * C.h; bh++) for (let i = 0; i < nT; i++) for (let j = i + 1; j < nT; j++) {
      assert.equal(w[(bh * nT + i) * nT + j], 0, `${what}: causal entry (${i}, ${j}) must be exactly 0`);
    }
  }
  for (const w of [...a.crossAttention, ...a.encoderSelfAttention]) {
    const nq = w.length / (2 * C.h * nS);
    for (let hd = 0; hd < C.h; hd++) for (let i = 0; i < nq; i++) for (let j = 15; j < nS; j++) {
      assert.equal(w[((C.h + hd) * nq + i) * nS + j], 0, `${what}: padded key ${j} must get exactly 0`);
    }
  }
}

describe('model on webgl in headless Chromium', function () {
  this.timeout(300_000);
  let browser: Browser;
  let script: string;

  before(async () => {
    script = await bundleForBrowser(path.join(repoRoot(), 'test/browser/model/webgl-entry.ts'));
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  async function check(f16: boolean): Promise<CheckResult> {
    const errors: string[] = [];
    const page = await pageWith(browser, script, errors);
    try {
      const req: CheckRequest = { config: C, seed: 5, input: INPUT, f16 };
      return await page.evaluate((r) => (globalThis as unknown as { modelCheck(r: CheckRequest): Promise<CheckResult> }).modelCheck(r), req);
    } finally {
      await page.close();
      assert.deepEqual(errors, [], 'no page errors');
    }
  }

  it('WebGL2 really works: a SwiftShader context, tfjs WEBGL_VERSION 2, setBackend("webgl") true', async () => {
    const r = await check(false);
    assert.equal(r.setBackendWebgl, true);
    assert.equal(r.backend, 'webgl');
    assert.equal(r.webglVersion, 2);
    assert.notEqual(r.renderer, 'no WebGL2 context');
    assert.equal(r.renderFloat32, true, 'float32 textures');
    assert.deepEqual(r.leaked, { cpu: 0, webgl: 0 });
    // float32 webgl agrees with cpu within 1e-5 (relative, max norm) on every output.
    for (const [[name, w], [, c]] of allOutputs(r.webgl).map((x, i) => [x, allOutputs(r.cpu)[i]] as const)) {
      assertFinite(w, `webgl ${name}`);
      assertClose(w, c, 1e-5, `f32 webgl vs cpu, ${name}`);
    }
    assertMaskedZeros(r.webgl, 'f32 webgl');
    console.log(`      renderer: ${r.renderer}; f32 webgl vs cpu, worst relative difference ${worst(r.webgl, r.cpu)}`);
    for (const w of r.webgl.decoderSelfAttention) assertRowsSumToOne(w, nT, 1e-5, 'f32 decoder rows');
  });

  it('issue 16: value norms and query/key vectors on webgl (float32 and half-float textures) agree with cpu', async () => {
    for (const [f16, tol] of [[false, 1e-5], [true, 1e-2]] as const) {
      const r = await check(f16);
      r.explain.webgl.norms.forEach((w, i) => {
        assertFinite(w, `norms ${i}`);
        assertClose(w, r.explain.cpu.norms[i], tol, `${f16 ? 'f16' : 'f32'} webgl vs cpu, value norms ${i}`);
      });
      assertClose(r.explain.webgl.q, r.explain.cpu.q, tol, `${f16 ? 'f16' : 'f32'} q`);
      assertClose(r.explain.webgl.k, r.explain.cpu.k, tol, `${f16 ? 'f16' : 'f32'} k`);
      assert.deepEqual(r.leaked, { cpu: 0, webgl: 0 });
    }
  });

  // Half of the token ids are above 2048, which half floats cannot hold exactly: the embedding lookup
  // must not go through a GPU gather (it did once, and layer 0 was off by 26 %).
  it('half-float textures: no NaN or Inf, masked entries exactly 0, close to cpu', async () => {
    const r = await check(true);
    assert.equal(r.setBackendWebgl, true);
    assert.equal(r.backend, 'webgl');
    assert.equal(r.renderFloat32, false, 'WEBGL_FORCE_F16_TEXTURES took effect');
    assert.deepEqual(r.leaked, { cpu: 0, webgl: 0 });
    const cpu = allOutputs(r.cpu);
    allOutputs(r.webgl).forEach(([name, w], i) => {
      assertFinite(w, `f16 ${name}`);
      assertClose(w, cpu[i][1], 1e-2, `f16 webgl vs cpu, ${name}`);
    });
    assertMaskedZeros(r.webgl, 'f16 webgl');
    console.log(`      f16 webgl vs cpu, worst relative difference ${worst(r.webgl, r.cpu)}`);
    for (const w of r.webgl.crossAttention) assertRowsSumToOne(w, nS, 5e-3, 'f16 cross rows');
  });
});
