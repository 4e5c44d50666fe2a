import fs from 'node:fs';

/**
 * V8 code cache files: the CLI's chunks (cli/cached-bundle.ts) and tfjs's bundles
 * (runtime/tfjs-loader.ts), each made by `npm run build` after a warm-up run, so that the functions
 * that ran then are in it compiled. A file holds the source's length (4 bytes, little-endian), the
 * source, and V8's cached data. A cache is used only for the exact bytes it was made from (compared
 * whole: V8 itself checks only the source's length; a copy costs less to check than loading
 * node:crypto to hash) and only by the V8 that made it (V8 rejects others).
 */
const LENGTH_BYTES = 4;

/** The cached data in `cacheFile` when it was made from `source`; undefined otherwise, or when there is none. */
export function readCodeCache(cacheFile: string, source: Buffer): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const sourceEnd = LENGTH_BYTES + source.length;
  if (cache.length <= sourceEnd || cache.readUInt32LE(0) !== source.length || !cache.subarray(LENGTH_BYTES, sourceEnd).equals(source)) return undefined;
  return cache.subarray(sourceEnd);
}

/** Writes the cached data of `script`, compiled from `source`, to `cacheFile` (whole or not at all). */
export function writeCodeCache(cacheFile: string, source: Buffer, script: { createCachedData(): Buffer }): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32LE(source.length);
  fs.writeFileSync(temporary, Buffer.concat([length, source, script.createCachedData()]));
  fs.renameSync(temporary, cacheFile);
}
