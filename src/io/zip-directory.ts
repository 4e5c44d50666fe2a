/**
 * Reading zip archives the way `.npz` files need it, for files that may be hostile (they come from pull
 * requests in CI). Only the central directory and the local headers are read up front; entry data is read
 * with positional reads, one entry at a time, and inflated in small pieces so that no entry can produce
 * more than the size its directory record declares.
 *
 * Checked before any data is read or inflated: the end record(s) and the central directory fit the file
 * exactly; one disk only; entry count and the sum of declared sizes within the limits; stored or deflate
 * only; nothing encrypted; zip64 fields present wherever a 0xFFFFFFFF marker says so; every local header
 * agrees with its directory record; entries lie inside the data area and do not overlap (overlapping
 * entries are how the classic non-recursive zip bombs multiply their output); a declared size deflate
 * cannot produce from the compressed size. Reading the entries' data, with its own checks: zip-read.ts.
 */
import type { FileHandle } from 'node:fs/promises';
import { NpyError, type NpyErrorCode } from './npy-error.js';
import { readAt } from './npy-read.js';
import {
  CENTRAL_BYTES,
  END64_BYTES,
  END_BYTES,
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  FLAG_MASKED_DIRECTORY,
  FLAG_STRONG_ENCRYPTION,
  FLAG_UTF8,
  LOCAL_BYTES,
  LOCATOR64_BYTES,
  MAX16,
  MAX32,
  MAX_DEFLATE_RATIO,
  METHOD_AES,
  METHOD_DEFLATE,
  METHOD_NAMES,
  METHOD_STORED,
  SIG_CENTRAL,
  SIG_END,
  SIG_END64,
  SIG_LOCAL,
  SIG_LOCATOR64,
  ZIP64_EXTRA_ID,
} from './zip-format.js';

export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxTotalBytes: number;
}

export interface ZipEntry {
  /** The name as stored (UTF-8 when the archive says so, otherwise ASCII only). */
  readonly name: string;
  readonly method: typeof METHOD_STORED | typeof METHOD_DEFLATE;
  readonly crc: number;
  readonly compressedSize: number;
  /** Declared decompressed size. */
  readonly size: number;
  readonly localOffset: number;
  /** Where the entry's (compressed) data starts, after its local header. */
  readonly dataOffset: number;
}

/** How an entry is named in messages: quoted, control characters escaped (names may be hostile: no log injection), long names cut. */
export function entryLabel(name: string): string {
  const shown = name.length > 120 ? `${name.slice(0, 120)}...` : name;
  // eslint-disable-next-line no-control-regex
  return `entry '${shown.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

export const RESAVE = 're-save the arrays with numpy.savez or numpy.savez_compressed';

export class Fail {
  constructor(readonly path: string) {}
  throw(code: NpyErrorCode, message: string): never {
    throw new NpyError(code, this.path, message);
  }
}

/** Exactly `length` bytes at `position`; a short read means the file is shorter than its records say. */
export async function readExactly(fh: FileHandle, path: string, position: number, length: number): Promise<Uint8Array> {
  const buf = await readAt(fh, path, length, position);
  if (buf.length < length) throw new NpyError('npz/corrupt', path, `the file ends at byte ${position + buf.length}, inside a zip record or entry data (was it truncated?); ${RESAVE}`);
  return buf;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** A little-endian uint64 as a number; values beyond 2^53 cannot describe any real file. */
function u64(dv: DataView, at: number, fail: Fail, what: string): number {
  const v = dv.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail.throw('npz/zip64', `${what} is ${v}, larger than any file; the archive is damaged or crafted`);
  return Number(v);
}

/** The extra field's records as id -> data; throws on records that run past the field. */
function parseExtra(extra: Uint8Array, fail: Fail, label: string): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const dv = view(extra);
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = dv.getUint16(p, true);
    const len = dv.getUint16(p + 2, true);
    if (p + 4 + len > extra.length) fail.throw('npz/corrupt', `${label} has an extra field record that runs past its extra field; ${RESAVE}`);
    if (!out.has(id)) out.set(id, extra.subarray(p + 4, p + 4 + len));
    p += 4 + len;
  }
  return out;
}

/**
 * The zip64 values of the fields whose 32-bit value is the 0xFFFFFFFF (0xFFFF for the disk) marker, in
 * the order the format fixes: size, compressed size, local header offset, disk.
 */
function zip64Fields(extra: Map<number, Uint8Array>, marked: readonly { name: string; bytes: 8 | 4 }[], fail: Fail, label: string): number[] {
  if (!marked.length) return [];
  const z = extra.get(ZIP64_EXTRA_ID);
  const need = marked.reduce((n, m) => n + m.bytes, 0);
  if (!z || z.length < need) {
    fail.throw('npz/zip64', `${label} marks its ${marked.map((m) => m.name).join(', ')} as zip64 (0xFFFFFFFF) but has no zip64 extra field holding ${marked.length === 1 ? 'it' : 'them'}; ${RESAVE}`);
  }
  const dv = view(z);
  let p = 0;
  return marked.map((m) => {
    const v = m.bytes === 8 ? u64(dv, p, fail, `the zip64 ${m.name} of ${label}`) : dv.getUint32(p, true);
    p += m.bytes;
    return v;
  });
}

function decodeName(bytes: Uint8Array, flags: number, index: number, fail: Fail): string {
  if (flags & FLAG_UTF8) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail.throw('npz/entry-name', `entry #${index + 1} has a name that is not valid UTF-8 although the archive says it is; ${RESAVE}`);
    }
  }
  // zip's legacy encoding is CP437; NumPy (Python's zipfile) writes ASCII names plain and sets the UTF-8 flag otherwise
  if (bytes.some((b) => b >= 0x80)) fail.throw('npz/entry-name', `entry #${index + 1} has a non-ASCII name without the UTF-8 flag (legacy CP437); ${RESAVE}`);
  return String.fromCharCode(...bytes);
}

interface EndRecord {
  count: number;
  cdSize: number;
  cdOffset: number;
  /** Where the central directory must end: the zip64 end record, or the end record. */
  cdEnd: number;
}

async function readEndRecord(fh: FileHandle, path: string, fileSize: number, fail: Fail): Promise<EndRecord> {
  const tailLen = Math.min(fileSize, END_BYTES + MAX16);
  const tail = await readExactly(fh, path, fileSize - tailLen, tailLen);
  const tv = view(tail);
  // the end record is the last one whose comment reaches exactly to the end of the file
  let at = -1;
  for (let i = tail.length - END_BYTES; i >= 0; i--) {
    if (tv.getUint32(i, true) === SIG_END && tv.getUint16(i + 20, true) === tail.length - i - END_BYTES) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    const head = await readExactly(fh, path, 0, Math.min(fileSize, 6));
    const starts = (sig: number[]) => sig.every((b, k) => head[k] === b);
    if (starts([0x50, 0x4b, 0x03, 0x04])) fail.throw('npz/corrupt', `the zip end-of-central-directory record is missing: the file is truncated or incomplete; ${RESAVE}`);
    if (starts([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) fail.throw('npz/not-zip', 'this is a .npy file (one array), not a .npz archive; give it a .npy name, or save with numpy.savez');
    fail.throw('npz/not-zip', `not a .npz file (not a zip archive); write it with numpy.savez or numpy.savez_compressed`);
  }
  const endPos = fileSize - tailLen + at;
  const disk = tv.getUint16(at + 4, true);
  const cdDisk = tv.getUint16(at + 6, true);
  const onDisk = tv.getUint16(at + 8, true);
  const count = tv.getUint16(at + 10, true);
  const cdSize = tv.getUint32(at + 12, true);
  const cdOffset = tv.getUint32(at + 16, true);
  const multiDisk = () => fail.throw('npz/multi-disk', `the archive is split over several disks (a spanned zip); join it into one file or ${RESAVE}`);
  const locator = endPos >= LOCATOR64_BYTES ? await readExactly(fh, path, endPos - LOCATOR64_BYTES, LOCATOR64_BYTES) : undefined;
  if (!locator || view(locator).getUint32(0, true) !== SIG_LOCATOR64) {
    if (cdSize === MAX32 || cdOffset === MAX32) fail.throw('npz/zip64', `the end record points to zip64 records (0xFFFFFFFF) that are missing; ${RESAVE}`);
    if (disk !== 0 || cdDisk !== 0 || onDisk !== count) multiDisk();
    return { count, cdSize, cdOffset, cdEnd: endPos };
  }
  const lv = view(locator);
  if (lv.getUint32(4, true) !== 0 || lv.getUint32(16, true) !== 1) multiDisk();
  const end64Pos = u64(lv, 8, fail, 'the zip64 end record offset');
  const end64Limit = endPos - LOCATOR64_BYTES;
  if (end64Pos + END64_BYTES > end64Limit) fail.throw('npz/zip64', `the zip64 end record lies outside the file (offset ${end64Pos}); ${RESAVE}`);
  const end64 = await readExactly(fh, path, end64Pos, END64_BYTES);
  const ev = view(end64);
  if (ev.getUint32(0, true) !== SIG_END64) fail.throw('npz/zip64', `there is no zip64 end record where the zip64 locator points (offset ${end64Pos}); ${RESAVE}`);
  // the record's own size field counts what follows it; it must reach the locator exactly
  if (end64Pos + 12 + u64(ev, 4, fail, 'the zip64 end record size') !== end64Limit) fail.throw('npz/zip64', `the zip64 end record's size does not reach the zip64 locator; ${RESAVE}`);
  if (ev.getUint32(16, true) !== 0 || ev.getUint32(20, true) !== 0) multiDisk();
  const onDisk64 = u64(ev, 24, fail, 'the zip64 entry count');
  const count64 = u64(ev, 32, fail, 'the zip64 entry count');
  const cdSize64 = u64(ev, 40, fail, 'the zip64 central directory size');
  const cdOffset64 = u64(ev, 48, fail, 'the zip64 central directory offset');
  if (onDisk64 !== count64 || (disk !== 0 && disk !== MAX16) || (cdDisk !== 0 && cdDisk !== MAX16)) multiDisk();
  // the 32-bit copies hold the value itself or its marker (Python writes min(value, marker))
  const agrees = (v32: number, v64: number, marker: number) => v32 === v64 || v32 === marker;
  if (!agrees(count, count64, MAX16) || !agrees(cdSize, cdSize64, MAX32) || !agrees(cdOffset, cdOffset64, MAX32)) {
    fail.throw('npz/zip64', `the end record and the zip64 end record disagree about the central directory; ${RESAVE}`);
  }
  return { count: count64, cdSize: cdSize64, cdOffset: cdOffset64, cdEnd: end64Pos };
}

/** What the central directory says of an entry, before its local header is read. */
interface DirectoryRecord {
  nameBytes: Uint8Array;
  name: string;
  flags: number;
  method: typeof METHOD_STORED | typeof METHOD_DEFLATE;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function parseCentralDirectory(cd: Uint8Array, count: number, limits: ZipLimits, fail: Fail): DirectoryRecord[] {
  const dv = view(cd);
  const records: DirectoryRecord[] = [];
  let total = 0;
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + CENTRAL_BYTES > cd.length || dv.getUint32(p, true) !== SIG_CENTRAL) {
      fail.throw('npz/corrupt', `central directory record #${k + 1} of ${count} is missing or damaged; ${RESAVE}`);
    }
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const end = p + CENTRAL_BYTES + nameLen + extraLen + commentLen;
    if (end > cd.length) fail.throw('npz/corrupt', `central directory record #${k + 1} runs past the central directory; ${RESAVE}`);
    const nameBytes = cd.subarray(p + CENTRAL_BYTES, p + CENTRAL_BYTES + nameLen);
    const name = decodeName(nameBytes, flags, k, fail);
    const label = entryLabel(name);
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_DIRECTORY) || method === METHOD_AES) {
      fail.throw('npz/encrypted', `${label} is encrypted; NumPy cannot read encrypted entries either: save the arrays unencrypted`);
    }
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
      fail.throw('npz/method', `${label} uses compression method ${method} (${METHOD_NAMES[method] ?? 'unknown'}); .npz entries are stored or deflated: ${RESAVE}`);
    }
    let size = dv.getUint32(p + 24, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let localOffset = dv.getUint32(p + 42, true);
    let disk = dv.getUint16(p + 34, true);
    const extra = parseExtra(cd.subarray(p + CENTRAL_BYTES + nameLen, p + CENTRAL_BYTES + nameLen + extraLen), fail, label);
    const marked = [
      { name: 'size', bytes: 8 as const, on: size === MAX32, set: (v: number) => (size = v) },
      { name: 'compressed size', bytes: 8 as const, on: compressedSize === MAX32, set: (v: number) => (compressedSize = v) },
      { name: 'local header offset', bytes: 8 as const, on: localOffset === MAX32, set: (v: number) => (localOffset = v) },
      { name: 'disk number', bytes: 4 as const, on: disk === MAX16, set: (v: number) => (disk = v) },
    ].filter((m) => m.on);
    zip64Fields(extra, marked, fail, label).forEach((v, i) => marked[i].set(v));
    if (disk !== 0) fail.throw('npz/multi-disk', `${label} starts on disk ${disk}: the archive is split over several disks; join it into one file or ${RESAVE}`);
    if (method === METHOD_STORED && compressedSize !== size) {
      fail.throw('npz/corrupt', `${label} is stored (not compressed) but declares ${compressedSize} stored and ${size} decompressed bytes; ${RESAVE}`);
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      fail.throw('npz/too-large', `${label} declares ${size} bytes decompressed, which brings the archive to ${total} bytes, more than the ${limits.maxTotalBytes} allowed (a zip bomb, or arrays too large to read at once); split the arrays over several files`);
    }
    records.push({ nameBytes, name, flags, method, crc: dv.getUint32(p + 16, true), compressedSize, size, localOffset });
    p = end;
  }
  if (p !== cd.length) fail.throw('npz/corrupt', `the central directory holds ${cd.length - p} bytes after its ${count} declared records; ${RESAVE}`);
  return records;
}

/** Read the local header of a record, check that it agrees with the directory, and find the data. */
async function locate(fh: FileHandle, path: string, r: DirectoryRecord, dataEnd: number, fail: Fail): Promise<ZipEntry> {
  const label = entryLabel(r.name);
  const outside = () => fail.throw('npz/corrupt', `${label} lies outside the archive's data area (its offsets point past the central directory); ${RESAVE}`);
  if (r.localOffset + LOCAL_BYTES > dataEnd) outside();
  const head = await readExactly(fh, path, r.localOffset, LOCAL_BYTES);
  const hv = view(head);
  if (hv.getUint32(0, true) !== SIG_LOCAL) fail.throw('npz/corrupt', `${label} has no local header where the central directory puts it (offset ${r.localOffset}); ${RESAVE}`);
  const nameLen = hv.getUint16(26, true);
  const extraLen = hv.getUint16(28, true);
  const dataOffset = r.localOffset + LOCAL_BYTES + nameLen + extraLen;
  if (dataOffset + r.compressedSize > dataEnd) outside();
  const rest = await readExactly(fh, path, r.localOffset + LOCAL_BYTES, nameLen + extraLen);
  const disagree = (what: string) => fail.throw('npz/corrupt', `${label}: its local header disagrees with the central directory about ${what}; ${RESAVE}`);
  if (nameLen !== r.nameBytes.length || rest.subarray(0, nameLen).some((b, k) => b !== r.nameBytes[k])) disagree('the name');
  if (hv.getUint16(6, true) !== r.flags) disagree('the flags');
  if (hv.getUint16(8, true) !== r.method) disagree('the compression method');
  if (!(r.flags & FLAG_DATA_DESCRIPTOR)) {
    // without a data descriptor the local header carries the real CRC and sizes (zip64 ones in its extra field)
    if (hv.getUint32(14, true) !== r.crc) disagree('the CRC-32');
    const compressed32 = hv.getUint32(18, true);
    const size32 = hv.getUint32(22, true);
    const extra = parseExtra(rest.subarray(nameLen), fail, label);
    const marked = [
      { name: 'size', bytes: 8 as const, on: size32 === MAX32 },
      { name: 'compressed size', bytes: 8 as const, on: compressed32 === MAX32 },
    ].filter((m) => m.on);
    const [a, b] = zip64Fields(extra, marked, fail, `${label} (local header)`);
    const size = size32 === MAX32 ? a : size32;
    const compressed = compressed32 === MAX32 ? (size32 === MAX32 ? b : a) : compressed32;
    if (size !== r.size || compressed !== r.compressedSize) disagree('the sizes');
  }
  return { name: r.name, method: r.method, crc: r.crc, compressedSize: r.compressedSize, size: r.size, localOffset: r.localOffset, dataOffset };
}

/**
 * The entries of the archive at `path` (open as `fh`), in directory order, after every structural check
 * listed at the top of this file. Reads the end records, the central directory and the local headers only.
 */
export async function readZipDirectory(fh: FileHandle, path: string, limits: ZipLimits): Promise<ZipEntry[]> {
  const fail = new Fail(path);
  let fileSize: number;
  try {
    fileSize = (await fh.stat()).size;
  } catch (e) {
    throw new NpyError('npy/io', path, `cannot stat: ${(e as Error).message}`, { cause: e });
  }
  if (fileSize === 0) fail.throw('npz/not-zip', 'the file is empty, not a .npz archive; write it with numpy.savez or numpy.savez_compressed');
  const end = await readEndRecord(fh, path, fileSize, fail);
  if (end.count > limits.maxEntries) {
    fail.throw('npz/too-many-entries', `the archive declares ${end.count} entries, more than the ${limits.maxEntries} allowed; split the arrays over several files`);
  }
  if (end.cdOffset + end.cdSize !== end.cdEnd) {
    fail.throw('npz/corrupt', `the central directory (offset ${end.cdOffset}, ${end.cdSize} bytes) does not end where the end record is (byte ${end.cdEnd}): the file is truncated, or bytes were added or removed; ${RESAVE}`);
  }
  if (end.cdSize < end.count * CENTRAL_BYTES) fail.throw('npz/corrupt', `the central directory (${end.cdSize} bytes) is too small for its ${end.count} declared entries; ${RESAVE}`);
  const records = parseCentralDirectory(await readExactly(fh, path, end.cdOffset, end.cdSize), end.count, limits, fail);
  const entries: ZipEntry[] = [];
  for (const r of records) entries.push(await locate(fh, path, r, end.cdOffset, fail));
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let k = 1; k < byOffset.length; k++) {
    const prev = byOffset[k - 1];
    if (byOffset[k].localOffset < prev.dataOffset + prev.compressedSize) {
      fail.throw('npz/corrupt', `${entryLabel(byOffset[k].name)} overlaps ${entryLabel(prev.name)} (the same bytes used twice is how crafted zip bombs work); ${RESAVE}`);
    }
  }
  for (const e of entries) {
    if (e.method === METHOD_DEFLATE && e.size > e.compressedSize * MAX_DEFLATE_RATIO + 64) {
      fail.throw('npz/corrupt', `${entryLabel(e.name)} declares ${e.size} bytes from ${e.compressedSize} compressed bytes, more than deflate can produce (about 1032:1): the archive is damaged or crafted; ${RESAVE}`);
    }
  }
  return entries;
}
