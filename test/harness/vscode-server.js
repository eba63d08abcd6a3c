// Starts a real VS Code (code-server) on a free loopback port and opens its workbench in headless
// Chromium with playwright-core. Used by the integration, UI and install tests and by `npm start`.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { ensure } = require('./ensure-vscode');

const root = path.resolve(__dirname, '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHealth(url, ms, proc) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode} before it was ready`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${ms / 1000} s`);
}

/**
 * Starts code-server with a fresh user-data and extensions folder.
 * options.extensionsDir: reuse an extensions folder (the .vsix install test).
 * options.settings: user settings.json contents.
 */
async function startServer(options = {}) {
  const p = ensure();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xray-vscode-'));
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = options.extensionsDir || path.join(scratch, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'workbench.colorTheme': 'Default Dark Modern', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.tips.enabled': false, ...(options.settings || {}) }, null, 2),
  );
  const port = options.port || (await freePort());
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'data') };
  const args = [
    p.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const log = fs.openSync(path.join(scratch, 'server.log'), 'a');
  // Its own process group, so stop() ends the child processes it leaves behind too.
  const proc = spawn(p.node, args, { env, detached: true, stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  try {
    await waitForHealth(url, 60_000, proc);
  } catch (e) {
    stop();
    throw new Error(`${e.message}\n--- server.log ---\n${fs.readFileSync(path.join(scratch, 'server.log'), 'utf8').slice(-3000)}`);
  }
  return { url, port, scratch, userDataDir, extensionsDir, node: p.node, codeServerEntry: p.codeServerEntry, env, stop };
}

/** Installs a .vsix into an extensions folder with code-server's own CLI (the Marketplace path). */
function installVsix(vsix, extensionsDir) {
  const p = ensure();
  const { execFileSync } = require('child_process');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xray-install-'));
  return execFileSync(p.node, [p.codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'u'), '--install-extension', vsix], {
    env: { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'c'), XDG_DATA_HOME: path.join(scratch, 'd') },
  }).toString();
}

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--enable-unsafe-swiftshader',
];

async function launchBrowser() {
  const p = ensure();
  const { chromium } = require(p.playwright);
  return chromium.launch({ executablePath: p.chromium, args: CHROMIUM_ARGS, headless: true });
}

/** The workbench URL that opens `folder`, optionally running an extension's tests (smoke-test driver). */
function workbenchUrl(server, folder, payload) {
  const q = [`folder=${encodeURIComponent(folder)}`];
  if (payload) q.unshift(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/?${q.join('&')}`;
}

function remoteUri(server, absPath) {
  return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}

module.exports = { startServer, launchBrowser, installVsix, workbenchUrl, remoteUri, root, CHROMIUM_ARGS };
