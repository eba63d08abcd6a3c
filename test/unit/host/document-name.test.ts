import * as assert from 'node:assert/strict';
import { documentName } from '../../../src/host/analysis/document-name';

const uri = (scheme: string, path: string, query = '') => ({ scheme, path, query, toString: () => `${scheme}:${path}` });

describe('host/document-name: how the panel names the analysed document', () => {
  it('a file by its name, an untitled document by its title', () => {
    assert.equal(documentName(uri('file', '/w/src/greet.ts'), false), 'greet.ts');
    assert.equal(documentName(uri('untitled', 'Untitled-1'), true), 'Untitled-1');
  });

  it('an output channel as "Output panel", not its internal id', () => {
    assert.equal(documentName(uri('output', 'extension-output-transformer-xray.transformer-xray-#1-Log'), false), 'Output panel');
  });

  it('a side of a git diff with its version', () => {
    assert.equal(documentName(uri('git', '/w/greet.ts', JSON.stringify({ path: '/w/greet.ts', ref: 'HEAD' })), false), 'greet.ts (HEAD)');
    assert.equal(documentName(uri('git', '/w/greet.ts', JSON.stringify({ path: '/w/greet.ts', ref: '~' })), false), 'greet.ts (index)');
    assert.equal(documentName(uri('git', '/w/greet.ts', 'not json'), false), 'greet.ts (git)');
  });
});
