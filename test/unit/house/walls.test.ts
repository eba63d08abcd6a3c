/**
 * The house's walls bite: ESLint with the repository's own config reports an import across a
 * wall and an import cycle (type imports included), on code written as if it were in the room.
 */
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../../..');

async function problems(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the house: walls between the rooms (ESLint)', function () {
  this.timeout(60_000);

  it('the host may not import browser code', async () => {
    const found = await problems('src/host/wall-probe.ts', "import { PanelApp } from '../../webview/app/panel-app';\nexport const x = PanelApp;\n");
    assert.ok(found.some((p) => p.startsWith('no-restricted-imports') && p.includes('never imports browser code')), found.join('\n'));
  });

  it('the webview may not import the host or vscode', async () => {
    for (const spec of ["'../../src/host/settings'", "'vscode'"]) {
      const found = await problems('webview/app/wall-probe.ts', `import * as x from ${spec};\nexport const y = x;\n`);
      assert.ok(found.some((p) => p.startsWith('no-restricted-imports')), `${spec}: ${found.join('\n')}`);
    }
  });

  it('views may not import tfjs or the engine', async () => {
    for (const spec of ["'@tensorflow/tfjs-core'", "'../../engine/attention-store'"]) {
      const found = await problems('webview/views/heatmap/wall-probe.ts', `import * as x from ${spec};\nexport const y = x;\n`);
      assert.ok(found.some((p) => p.startsWith('no-restricted-imports') && p.includes('Views draw plain data')), `${spec}: ${found.join('\n')}`);
    }
  });

  it('the model imports no other room; shared takes only tfjs-free types from the model', async () => {
    const model = await problems('src/model/wall-probe.ts', "import { LIMITS } from '../shared/protocol';\nexport const x = LIMITS;\n");
    assert.ok(model.some((p) => p.includes('The model stands alone')), model.join('\n'));
    const shared = await problems('src/shared/wall-probe.ts', "import { buildModel } from '../model/transformer';\nexport const x = buildModel;\n");
    assert.ok(shared.some((p) => p.includes('only tfjs-free types')), shared.join('\n'));
    const allowed = await problems('src/shared/wall-probe.ts', "import type { TransformerConfig } from '../model/config';\nexport type X = TransformerConfig;\n");
    assert.deepEqual(allowed, []);
  });

  it('an import cycle is an error, also when one side imports only types', async () => {
    // src/shared/protocol.ts imports ./vocabulary; a vocabulary that imported a type back closes a cycle.
    const code = "import type { WireToken } from './protocol';\nexport type T = WireToken;\n";
    const found = await problems('src/shared/vocabulary.ts', code);
    assert.ok(found.some((p) => p.startsWith('house/no-import-cycle') && p.includes('src/shared/vocabulary.ts → src/shared/protocol.ts → src/shared/vocabulary.ts')), found.join('\n'));
  });
});
