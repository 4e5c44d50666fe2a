/**
 * Reading a zip entry's data (after zip-directory.ts has checked the archive's records): in small
 * pieces, inflation stopped as soon as the output passes the size the directory declares, and the
 * CRC-32 checked.
 */
import type { FileHandle } from 'node:fs/promises';
import { Inflate } from 'fflate';
import { NpyError } from './npy-error.js';
import { entryLabel, Fail, readExactly, RESAVE, type ZipEntry } from './zip-directory.js';
import { crc32, MAX_DEFLATE_RATIO, METHOD_STORED } from './zip-format.js';

/** How much to read from the file, and to push into the inflater, at a time. */
interface ChunkSizes {
  readonly readBytes: number;
  /** Bounds what one push can produce (~1032x): the size check runs between pushes. */
  readonly pushBytes: number;
}
/**
 * Whole entries: pushes small enough that one push cannot produce much more than the declared size
 * (whose buffer is allocated anyway) or 16 MB, large enough not to slow inflation (fflate's per-push cost).
 */
const wholeEntry = (e: ZipEntry): ChunkSizes => ({ readBytes: 1 << 20, pushBytes: Math.min(1 << 20, Math.max(1 << 14, Math.ceil(e.size / MAX_DEFLATE_RATIO))) });
/** Header reads: small pieces, as a header is a few hundred bytes. */
const ENTRY_PREFIX: ChunkSizes = { readBytes: 1 << 12, pushBytes: 1 << 10 };

/**
 * The decompressed bytes of an entry, in order, in pieces. Throws 'npz/corrupt' as soon as the output
 * passes the declared size, and at the end if it falls short of it. The CRC is the caller's to check
 * (a caller that stops early cannot).
 */
async function* entryChunks(fh: FileHandle, path: string, e: ZipEntry, sizes: ChunkSizes): AsyncGenerator<Uint8Array> {
  const fail = new Fail(path);
  const label = entryLabel(e.name);
  if (e.method === METHOD_STORED) {
    for (let p = 0; p < e.size; p += sizes.readBytes) yield await readExactly(fh, path, e.dataOffset + p, Math.min(sizes.readBytes, e.size - p));
    return;
  }
  let pending: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > e.size) fail.throw('npz/corrupt', `${label} inflates to more than the ${e.size} bytes its directory record declares (a zip bomb, or a damaged archive); ${RESAVE}`);
    if (chunk.length) pending.push(chunk);
  });
  if (e.compressedSize === 0) fail.throw('npz/corrupt', `${label} is deflated but has no compressed data; ${RESAVE}`);
  for (let p = 0; p < e.compressedSize; p += sizes.readBytes) {
    const input = await readExactly(fh, path, e.dataOffset + p, Math.min(sizes.readBytes, e.compressedSize - p));
    for (let q = 0; q < input.length; q += sizes.pushBytes) {
      const last = p + q + sizes.pushBytes >= e.compressedSize;
      try {
        inflater.push(input.subarray(q, q + sizes.pushBytes), last);
      } catch (err) {
        if (err instanceof NpyError) throw err;
        fail.throw('npz/corrupt', `${label} is not valid deflate data (${(err as Error).message}); ${RESAVE}`);
      }
      const out = pending;
      pending = [];
      yield* out;
    }
  }
  if (produced !== e.size) fail.throw('npz/corrupt', `${label} inflates to ${produced} bytes, not the ${e.size} its directory record declares; ${RESAVE}`);
}

/** The whole decompressed entry, CRC-checked. */
export async function readEntry(fh: FileHandle, path: string, e: ZipEntry): Promise<Uint8Array> {
  const out = new Uint8Array(e.size);
  let crc = 0;
  let at = 0;
  for await (const chunk of entryChunks(fh, path, e, wholeEntry(e))) {
    out.set(chunk, at);
    at += chunk.length;
    crc = crc32(chunk, crc);
  }
  if (crc !== e.crc) {
    throw new NpyError('npz/crc', path, `${entryLabel(e.name)} fails its CRC-32 check (the data was damaged after it was written); ${RESAVE}`);
  }
  return out;
}

/**
 * The first bytes of an entry, without reading or inflating the rest: `wanted(head)` says how many bytes
 * are needed given those already there (it is asked again as they arrive).
 */
export async function readEntryPrefix(fh: FileHandle, path: string, e: ZipEntry, wanted: (head: Uint8Array) => number): Promise<Uint8Array> {
  let head = new Uint8Array(0);
  if (Math.min(e.size, wanted(head)) === 0) return head;
  for await (const chunk of entryChunks(fh, path, e, ENTRY_PREFIX)) {
    const next = new Uint8Array(head.length + chunk.length);
    next.set(head);
    next.set(chunk, head.length);
    head = next;
    const want = Math.min(e.size, wanted(head));
    if (head.length >= want) return head.subarray(0, want);
  }
  return head;
}
