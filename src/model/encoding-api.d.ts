// The WHATWG Encoding API, a global in Node and in every browser. Declared here because the rooms
// that run on both sides (model, and shared through its reference) see neither lib.dom nor @types/node.
interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { new (): TextEncoder };
interface TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare var TextDecoder: { new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder };
