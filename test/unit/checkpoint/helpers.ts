/** Shared helpers of the checkpoint tests: small configs, random parameters, hand-made safetensors bytes. */
import * as fs from 'fs';
import * as path from 'path';
import type { TransformerConfig } from '../../../src/model/config';
import { parameterSpecs, type Parameters } from '../../../src/model/parameters';
import { uniformStream } from '../../../src/model/prng';

/** A tiny config (defaults: post-LN, separate embeddings, final norms). */
export function tinyConfig(overrides: Partial<TransformerConfig> = {}): TransformerConfig {
  return {
    N: 1, dModel: 8, dFF: 16, h: 2, dK: 4, dV: 4, vocabSize: 11, maxLength: 32,
    norm: 'post', finalNorm: true, sharedEmbeddings: false, layerNormEps: 1e-5, pDrop: 0.1,
    ...overrides,
  };
}


/** Random parameters of every spec of `config`, values in (-1, 1). */
export function randomParams(config: TransformerConfig, seed = 1): Parameters {
  const next = uniformStream(seed);
  const params: Parameters = new Map();
  for (const spec of parameterSpecs(config)) {
    const data = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = next() * 2 - 1;
    params.set(spec.name, { shape: [...spec.shape], data });
  }
  return params;
}

/** A safetensors file from a raw header (any JSON value, or text) and data bytes, with no validation. */
export function rawFile(header: unknown, data: Uint8Array | number = 0, headerLength?: number): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const json = new TextEncoder().encode(text);
  const bytes = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + bytes.length);
  const view = new DataView(out.buffer);
  const n = headerLength ?? json.length;
  view.setUint32(0, n % 0x1_0000_0000, true);
  view.setUint32(4, Math.floor(n / 0x1_0000_0000), true);
  out.set(json, 8);
  out.set(bytes, 8 + json.length);
  return out;
}

/** Runs `fn`, expecting it to throw an error of class `type` whose message contains every fragment. */
export function expectError(fn: () => unknown, type: new (...args: never[]) => Error, ...fragments: string[]): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof type)) {
    throw new Error(`expected a ${type.name}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  }
  for (const f of fragments) {
    if (!caught.message.includes(f)) throw new Error(`message ${JSON.stringify(caught.message)} lacks ${JSON.stringify(f)}`);
  }
  return caught;
}

/** Directory of the committed torch fixtures (the tests run from out/test/unit/checkpoint). */
export const TORCH_FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/torch');

/** One array of a fixture's expected.json. */
export interface FixtureArray {
  shape: number[];
  data: number[];
}

/** The expected.json written by scripts/torch-fixtures/make_fixtures.py. */
export interface TorchFixture {
  name: string;
  description: string;
  dtype: 'F32' | 'F16' | 'BF16';
  config: TransformerConfig;
  inputs: { src: number[][]; tgt: number[][]; srcPadding: boolean[][]; tgtPadding: boolean[][] };
  outputs: {
    encoderSelfAttention: FixtureArray[];
    decoderSelfAttention: FixtureArray[];
    crossAttention: FixtureArray[];
    positionalEncoding: FixtureArray;
    probabilities: FixtureArray;
  };
}

/** Every committed fixture: its name, checkpoint bytes and expected outputs. */
export function torchFixtures(): Array<{ name: string; bytes: Uint8Array; expected: TorchFixture }> {
  return fs
    .readdirSync(TORCH_FIXTURES)
    .filter((f) => f.endsWith('.safetensors'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.safetensors$/, '');
      const bytes = new Uint8Array(fs.readFileSync(path.join(TORCH_FIXTURES, f)));
      const expected = JSON.parse(fs.readFileSync(path.join(TORCH_FIXTURES, `${name}.expected.json`), 'utf8')) as TorchFixture;
      return { name, bytes, expected };
    });
}
