/**
 * The wasm backend's binaries in dist/, beside the webview bundle (esbuild.js copies them there).
 * The page fetches the one the backend will load for the engine's worker; the host's HTML asks the
 * page to preload the SIMD one, which every current VS Code has.
 */
export const WASM_SIMD_FILE = 'tfjs-backend-wasm-simd.wasm';
export const WASM_PLAIN_FILE = 'tfjs-backend-wasm.wasm';
