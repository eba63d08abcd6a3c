import * as assert from 'node:assert/strict';
import { BASE, SHIPPED } from '../../../src/model/config';
import { initParameters, initialValues, xavierBound } from '../../../src/model/init';
import { parameterSpecs } from '../../../src/model/parameters';
import { hashString, Prng } from '../../../src/model/prng';
import { tinyConfig } from './helpers/params';

/** xoshiro128** with the same splitmix32 seeding, written with BigInt: an independent re-implementation. */
function bigIntXoshiro(seed: number, stream: number, count: number): number[] {
  const M = (1n << 32n) - 1n;
  const mul = (a: bigint, b: bigint): bigint => (a * b) & M;
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M;
  let x = (BigInt(Math.trunc(seed) >>> 0) ^ mul(BigInt(stream >>> 0), 0x9e3779b9n)) & M;
  const next = (): bigint => {
    x = (x + 0x9e3779b9n) & M;
    let z = x;
    z = mul(z ^ (z >> 16n), 0x85ebca6bn);
    z = mul(z ^ (z >> 13n), 0xc2b2ae35n);
    return (z ^ (z >> 16n)) & M;
  };
  const s = [next(), next(), next(), next()];
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number(mul(rotl(mul(s[1], 5n), 7n), 9n)));
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11n);
  }
  return out;
}

describe('model/init', () => {
  it('the PRNG is xoshiro128** on 32-bit integers: it equals a BigInt implementation', () => {
    for (const [seed, stream] of [[0, 0], [42, 7], [123456789, hashString('src_embed.weight')]]) {
      const rng = new Prng(seed, stream);
      const got = Array.from({ length: 50 }, () => rng.nextUint32());
      assert.deepEqual(got, bigIntXoshiro(seed, stream, 50), `seed ${seed} stream ${stream}`);
    }
  });

  it('nextFloat is in [0, 1) and roughly uniform', () => {
    const rng = new Prng(5);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng.nextFloat();
      assert.ok(u >= 0 && u < 1);
      sum += u;
    }
    assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
  });

  it('the same seed gives identical weights; another seed gives different ones', () => {
    const c = tinyConfig();
    const a = initParameters(c, 11);
    const b = initParameters(c, 11);
    const d = initParameters(c, 12);
    assert.deepEqual([...a.keys()], parameterSpecs(c).map((s) => s.name));
    for (const [name, t] of a) {
      assert.deepEqual(t.data, b.get(name)!.data, name);
      if (t.shape.length === 2) assert.notDeepEqual(t.data, d.get(name)!.data, name);
    }
  });

  it('a parameter does not depend on which other parameters exist', () => {
    const spec = parameterSpecs(SHIPPED).find((s) => s.name === 'transformer.decoder.layers.1.linear2.weight')!;
    const inModel = initParameters(SHIPPED, 3).get(spec.name)!.data;
    assert.deepEqual(initialValues(spec, 3), inModel);
  });

  it('matrices are Xavier uniform in ±sqrt(6 / (fanIn + fanOut)); biases 0; LayerNorm weight 1, bias 0', () => {
    const c = { ...tinyConfig(), finalNorm: true, sharedEmbeddings: false, dModel: 32, dK: 16, dV: 16, dFF: 64, vocabSize: 50 };
    for (const [name, t] of initParameters(c, 1)) {
      if (t.shape.length === 2) {
        const a = xavierBound(t.shape);
        assert.equal(a, Math.sqrt(6 / (t.shape[0] + t.shape[1])));
        let sum = 0; let sq = 0;
        for (const v of t.data) { assert.ok(Math.abs(v) <= a, `${name} ${v} > ${a}`); sum += v; sq += v * v; }
        const n = t.data.length;
        assert.ok(Math.abs(sum / n) < 0.1 * a, `${name} mean`);
        assert.ok(Math.abs(sq / n - (a * a) / 3) < 0.15 * (a * a) / 3, `${name} variance ${sq / n} vs ${(a * a) / 3}`);
      } else if (/norm\d*\.weight$/.test(name)) {
        assert.ok(t.data.every((v) => v === 1), name);
      } else {
        assert.ok(t.data.every((v) => v === 0), name);
      }
    }
  });

  it('in_proj_weight uses fanOut = 3 dModel as torch does', () => {
    assert.equal(xavierBound([3 * 512, 512]), Math.sqrt(6 / 2048));
    const spec = parameterSpecs(BASE).find((s) => s.name.endsWith('0.self_attn.in_proj_weight'))!;
    assert.deepEqual(spec.shape, [1536, 512]);
  });

  it("values are a * (2u - 1) with u the generator's top 24 bits, rounded once to float32", () => {
    const spec = parameterSpecs(tinyConfig()).find((s) => s.name === 'src_embed.weight')!;
    const v = initialValues(spec, 0);
    const a = xavierBound(spec.shape);
    const u = bigIntXoshiro(0, hashString('src_embed.weight'), 4);
    assert.deepEqual(Array.from(v.subarray(0, 4)), u.map((x) => Math.fround(a * (2 * ((x >>> 8) / 16777216) - 1))));
  });
});
