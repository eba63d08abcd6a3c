import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));

describe('manifest', () => {
  it('activates only on use: no "*"', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
  });
  it('withholds the workspace\'s checkpointPath in untrusted workspaces and declares virtual workspaces', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.strictEqual(trust.supported, 'limited');
    assert.deepStrictEqual(trust.restrictedConfigurations, ['transformerXray.checkpointPath']);
    assert.strictEqual(manifest.capabilities.virtualWorkspaces, true);
  });
  it('describes every setting', () => {
    const props = manifest.contributes.configuration.properties as Record<string, { markdownDescription?: string; description?: string }>;
    for (const [name, p] of Object.entries(props)) assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, name);
  });
  it('ships no runtime dependencies (everything is bundled)', () => {
    assert.deepStrictEqual(manifest.dependencies ?? {}, {});
  });
});
