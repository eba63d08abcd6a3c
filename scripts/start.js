// `npm start`: builds the extension and opens a real VS Code with it on the sample workspace.
// Desktop VS Code (`code` on PATH) when installed; otherwise VS Code in the browser (code-server,
// installed on demand into ~/.cache/transformer-xray/vscode), served on 127.0.0.1 until you press Ctrl+C.
'use strict';
const { execFileSync, spawn, spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const samples = path.join(root, 'media', 'samples');

execFileSync(process.execPath, [path.join(root, 'esbuild.js')], { stdio: 'inherit', cwd: root });

const hasCode = process.env.XRAY_BROWSER !== '1' && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log('Opening desktop VS Code with the extension under development ...');
  spawn('code', [`--extensionDevelopmentPath=${root}`, samples], { stdio: 'inherit', detached: true }).unref();
} else {
  const { startServer, workbenchUrl, remoteUri } = require('../test/harness/vscode-server');
  startServer({ port: Number(process.env.PORT) || 8080 }).then((server) => {
    const url = workbenchUrl(server, samples, [['extensionDevelopmentPath', remoteUri(server, root)]]);
    console.log(`\nVS Code is running with Transformer X-Ray (no desktop 'code' found). Open this in a browser:\n\n  ${url}\n\nSelect some code, then run "Transformer X-Ray: Visualize Attention" (F1). Ctrl+C stops the server.`);
    const stop = () => {
      server.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    setInterval(() => undefined, 1 << 30);
  }).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
