import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { SHIPPED } from '../../../src/model/config';
import { SHIPPED_TOKENIZER_PATH, shippedTokenizer } from './shipped';

const MEDIA = path.dirname(SHIPPED_TOKENIZER_PATH);
const REPO = path.resolve(MEDIA, '../..');

/** The `__metadata__` of a safetensors file (8-byte little-endian length, then JSON). */
function safetensorsMetadata(bytes: Buffer): Record<string, string> {
  const length = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')).__metadata__;
}

describe('tokenizer/shipped model pairing (media/model/)', () => {
  const model = fs.readFileSync(path.join(MEDIA, 'model.safetensors'));
  const tok = shippedTokenizer();

  it('model.safetensors records the version of the shipped tokenizer.json', () => {
    const meta = safetensorsMetadata(model);
    assert.strictEqual(meta.tokenizer, tok.version);
    assert.strictEqual(meta.format, 'transformer-xray/1');
  });

  it('model.safetensors is the SHIPPED config, sized for the tokenizer, within 8 MB', () => {
    const config = JSON.parse(safetensorsMetadata(model).config);
    assert.deepStrictEqual(config, { ...SHIPPED });
    assert.strictEqual(config.vocabSize, tok.vocabSize);
    assert.ok(model.length <= 8 * 1024 * 1024, `${model.length} bytes`);
  });

  it('the forward-pass fixture belongs to this model and its ids are what the tokenizer gives', () => {
    const fixture = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/shipped-model-sample.json'), 'utf8'));
    assert.strictEqual(fixture.modelSha256, createHash('sha256').update(new Uint8Array(model)).digest('hex'));
    assert.strictEqual(fixture.tokenizer, tok.version);
    assert.deepStrictEqual(tok.encodeIds(fixture.text), fixture.sourceIds);
    assert.deepStrictEqual(fixture.decoderInputIds, [1, ...fixture.sourceIds]);
  });
});
