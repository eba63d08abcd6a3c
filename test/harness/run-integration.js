// Runs the mocha suite out/test/integration inside a real VS Code extension host (code-server driven
// by headless Chromium through the smoke-test driver), exactly as @vscode/test-electron would.
'use strict';
const path = require('path');
const { startServer, launchBrowser, workbenchUrl, remoteUri, root } = require('./vscode-server');

/** The workbench's own chatter on a machine without internet: kept out of the test output. */
const NOISE = [/authentication provider/, /^\s*$/, /^\[AgentHost\]/, /ENOTFOUND/, /^\s+at /, /^\[ChatModelSelection\]/, /open-vsx\.org/];

/** The extension host forwards console calls as printf-style argument lists. */
function printf(args) {
  if (typeof args[0] !== 'string' || !/%[sdioOjf%]/.test(args[0])) return args.map(String).join(' ');
  let i = 1;
  const head = args[0].replace(/%([sdioOjf%])/g, (m, c) => (c === '%' ? '%' : i < args.length ? String(args[i++]) : m));
  return [head, ...args.slice(i).map(String)].join(' ');
}

/** Parses mocha's "N passing" / "N failing" lines. */
function mochaCounts(text) {
  const passed = Number((text.match(/(\d+) passing/) || [])[1] || 0);
  const failed = Number((text.match(/(\d+) failing/) || [])[1] || 0);
  return { passed, failed };
}

async function runIntegration({ timeoutMs = 1_200_000, environment = {} } = {}) {
  const server = await startServer();
  const browser = await launchBrowser();
  const lines = [];
  try {
    const page = await browser.newPage();
    let finish;
    const exited = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = printf(Array.isArray(args) ? args : [args]);
      lines.push(line);
      if (!NOISE.some((re) => re.test(line))) process.stdout.write(`  ${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, root)],
      ['extensionTestsPath', remoteUri(server, path.join(root, 'out', 'test', 'integration', 'index'))],
      ['extensionEnvironment', JSON.stringify(environment)],
    ];
    await page.goto(workbenchUrl(server, path.join(root, 'media', 'samples'), payload));
    const timer = new Promise((resolve) => setTimeout(() => resolve(124), timeoutMs));
    const code = await Promise.race([exited, timer]);
    if (code === 124) console.error(`Integration tests timed out after ${timeoutMs / 1000} s`);
    const counts = mochaCounts(lines.join('\n'));
    return { code, ...counts };
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
  }
}

module.exports = { runIntegration, mochaCounts };
if (require.main === module) {
  runIntegration({ environment: process.env.XRAY_TEST_GREP ? { XRAY_TEST_GREP: process.env.XRAY_TEST_GREP } : {} })
    .then((r) => {
      console.log(`integration: ${r.passed} passed, ${r.failed} failed (exit ${r.code})`);
      process.exit(r.code);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
