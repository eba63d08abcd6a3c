"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.CHROMIUM_FLAGS = void 0;
exports.repoRoot = repoRoot;
exports.loadChromium = loadChromium;
exports.chromiumPath = chromiumPath;
exports.launchChromium = launchChromium;
exports.bundleForBrowser = bundleForBrowser;
exports.pageWith = pageWith;
/**
 * Headless Chromium for the model's browser test and benchmark: finds playwright-core (installed on
 * demand into ~/.cache/transformer-xray/vscode by test/harness/ensure-vscode.js, not a dependency), launches the system Chromium with an explicit flag
 * list (WebGL2 through SwiftShader), and bundles a page entry with esbuild.
 */
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
/** Exactly the flags Chromium gets (playwright's defaults are ignored, so the list is complete). */
exports.CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-dev-shm-usage',
];
/** The repository root: the nearest folder above this file with the project's package.json. */
function repoRoot() {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const pkg = path.join(dir, 'package.json');
        if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'transformer-xray')
            return dir;
    }
    throw new Error(`No transformer-xray package.json above ${__dirname}.`);
}
/** playwright-core's `chromium`, from the project's on-demand cache (test/harness/playwright.js). */
function loadChromium() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(repoRoot(), 'test', 'harness', 'playwright.js')).loadPlaywright().chromium;
}
/** The Chromium binary: CHROMIUM_PATH or /usr/bin/chromium; throws when it does not exist. */
function chromiumPath() {
    const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!fs.existsSync(p))
        throw new Error(`Chromium not found at ${p}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
    return p;
}
/**
 * Launches headless Chromium with {@link CHROMIUM_FLAGS}, plus the two arguments playwright needs to
 * drive it (its control pipe and a fresh profile folder); nothing else.
 */
async function launchChromium() {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'txr-chromium-'));
    const browser = await loadChromium().launch({
        executablePath: chromiumPath(), ignoreDefaultArgs: true, timeout: 60_000,
        args: [...exports.CHROMIUM_FLAGS, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
    });
    const close = browser.close.bind(browser);
    browser.close = async () => {
        await close();
        fs.rmSync(profile, { recursive: true, force: true });
    };
    return browser;
}
/** Bundles a browser entry (TypeScript) into one IIFE script, in memory. */
async function bundleForBrowser(entry) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild');
    const result = await esbuild.build({
        entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020',
        minify: false, logLevel: 'silent', absWorkingDir: repoRoot(),
    });
    return result.outputFiles[0].text;
}
/** A blank page with `script` loaded; page errors are collected into `errors`. */
async function pageWith(browser, script, errors) {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message ?? String(e)));
    await page.goto('about:blank');
    await page.addScriptTag({ content: script });
    return page;
}
//# sourceMappingURL=chromium.js.map