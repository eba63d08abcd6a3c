/**
 * The shipped model's weights, fetched by the page itself from the extension's own folder (the URL
 * is a webview resource the host names; connect-src allows only the extension's files). The fetch
 * starts when the page loads, so the first run no longer waits for the host to post 7 MB after the
 * page is ready (about a second in code-server). What arrives is checked against the length the
 * host read when it validated the same file.
 */
import { AnswerCache } from './answer-cache';

export class ShippedWeights {
  private readonly fetches = new AnswerCache();

  constructor(private readonly load: (url: string) => Promise<ArrayBuffer> = fetchBytes) {}

  /** The bytes at `url`: one fetch per URL, and a failed one is tried again at the next call. */
  get(url: string): Promise<Uint8Array> {
    return this.fetches.get(url, async () => new Uint8Array(await this.load(url)));
  }

  /** The bytes the host validated: `byteLength` long, else an error that says what to do. */
  async checked(url: string, byteLength: number): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      bytes = await this.get(url);
    } catch (e) {
      throw new Error(`The shipped model's weights did not load in the panel (${e instanceof Error ? e.message : String(e)}). Close the panel and run Visualize Attention again; if it persists, reinstall Transformer X-Ray.`);
    }
    if (bytes.byteLength !== byteLength) {
      this.fetches.forget(url);
      throw new Error(`The shipped model's weights in the panel are ${bytes.byteLength} bytes, not the ${byteLength} the extension checked: the file changed on disk. Run Visualize Attention again; if it persists, reinstall Transformer X-Ray.`);
    }
    return bytes;
  }
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.arrayBuffer();
}
