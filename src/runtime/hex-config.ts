/**
 * A layer config that survives tfjs's save/load: tfjs rewrites every string value of a config
 * (toSnakeCase on save, toCamelCase on load), so custom layers store their parameters as ONE
 * lowercase-hex string of their UTF-8 JSON, which neither function can alter (no capitals, no
 * underscores). Decoding is strict: a model.json may be hostile.
 */

/** The config key holding the hex payload; invariant under toSnakeCase and toCamelCase. */
export const PAYLOAD_KEY = 'spec';

export function toHex(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** The JSON value a payload holds; `fail` is called with the reason when it is not one. */
export function decodeHexJson(encoded: unknown, fail: (why: string) => never): unknown {
  if (typeof encoded !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(encoded)) return fail(`'${PAYLOAD_KEY}' is not a lowercase hex string`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromHex(encoded)));
  } catch {
    return fail(`'${PAYLOAD_KEY}' is not hex-encoded UTF-8 JSON`);
  }
}
