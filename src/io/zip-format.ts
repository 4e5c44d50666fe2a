/** The zip format as `.npz` files use it: record signatures, flags, fixed sizes and CRC-32, shared by the reader and the writer. */
import zlib from 'node:zlib';

export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_END = 0x06054b50;
export const SIG_END64 = 0x06064b50;
export const SIG_LOCATOR64 = 0x07064b50;
export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
export const FLAG_UTF8 = 0x800;
export const FLAG_ENCRYPTED = 0x1;
export const FLAG_STRONG_ENCRYPTION = 0x40;
export const FLAG_MASKED_DIRECTORY = 0x2000;
export const FLAG_DATA_DESCRIPTOR = 0x8;
export const METHOD_AES = 99;
export const MAX16 = 0xffff;
export const MAX32 = 0xffffffff;
export const ZIP64_EXTRA_ID = 0x0001;
export const END_BYTES = 22;
export const LOCATOR64_BYTES = 20;
export const END64_BYTES = 56;
export const CENTRAL_BYTES = 46;
export const LOCAL_BYTES = 30;
/** Deflate's best case is 258 output bytes for about 2 bits of input: at most ~1032:1. */
export const MAX_DEFLATE_RATIO = 1032;

export const METHOD_NAMES: Record<number, string> = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 93: 'zstandard', 95: 'xz', 98: 'ppmd' };

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
/** CRC-32 (IEEE, as zip uses it) of `bytes`, continuing from `crc`, the CRC of the bytes before (0 to start). */
export function crc32Portable(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let k = 0; k < bytes.length; k++) c = CRC_TABLE[(c ^ bytes[k]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
/** The same, by zlib where Node has it (20.15+: ~5x faster). */
export const crc32: (bytes: Uint8Array, crc?: number) => number = typeof zlib.crc32 === 'function' ? (bytes, crc = 0) => zlib.crc32(bytes, crc) : crc32Portable;
