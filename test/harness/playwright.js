// The one place browser tests get playwright-core from: the on-demand cache that
// test/harness/ensure-vscode.js fills (~/.cache/transformer-xray/vscode), so nothing is installed twice.
'use strict';
const fs = require('fs');
const { paths } = require('./ensure-vscode');

function loadPlaywright() {
  const dir = paths().playwright;
  if (!fs.existsSync(dir)) {
    throw new Error(`playwright-core is not installed (${dir}). Run: node test/harness/ensure-vscode.js (npm test does this first).`);
  }
  return require(dir);
}

module.exports = { loadPlaywright, chromiumPath: () => paths().chromium };
