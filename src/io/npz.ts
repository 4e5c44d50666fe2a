/**
 * `.npz` archives (numpy.savez / numpy.savez_compressed): a zip of `NAME.npy` entries, read as a map from
 * NAME to array. The zip side is in zip-read.ts / zip-write.ts (strict, for hostile files); every entry's
 * content goes through the same .npy code as a `.npy` file (decodeNpy / parseNpyHeader / encodeNpy).
 *
 * Entry names must be plain `NAME.npy`: no paths, no backslashes, no control characters, nothing but .npy
 * entries. `allowNestedKeys` also accepts `layer/weight.npy` (every segment a plain name), the form of a
 * `--weights` archive; the names are only ever map keys, never paths on disk.
 *
 * Errors are NpyError with `file` = the archive's path and a message naming the entry:
 * "data.npz: entry 'x.npy' ..."; an entry whose .npy content is wrong keeps the 'npy/...' code.
 */
import type { FileHandle } from 'node:fs/promises';
import { NpyError } from './npy-error.js';
import { MAX_PREFIX_BYTES, type NpyHeader, parseNpyHeader } from './npy-header.js';
import { decodeNpy, openRegularFile, type NpyArray, type NpyReadOptions } from './npy-read.js';
import { encodeNpy, type NpyWritable, writeFileAtomic } from './npy-write.js';
import { entryLabel, readZipDirectory, type ZipEntry } from './zip-directory.js';
import { readEntry, readEntryPrefix } from './zip-read.js';
import { zipArchive } from './zip-write.js';

export interface NpzLimits {
  /** Most entries an archive may declare; default 1024. */
  maxEntries?: number;
  /** Most decompressed bytes all entries may declare together; default 4 GiB. */
  maxTotalBytes?: number;
  /** Accept `a/b.npy` entries (keys 'a/b'), each segment a plain name; default false. */
  allowNestedKeys?: boolean;
}
export type NpzReadOptions = NpyReadOptions & NpzLimits;

export const DEFAULT_MAX_ENTRIES = 1024;
export const DEFAULT_MAX_TOTAL_BYTES = 4 * 2 ** 30;

/** Why `name` is not an acceptable entry name, or undefined if it is. */
export function entryNameProblem(name: string, allowNestedKeys = false): string | undefined {
  if (name === '') return 'has an empty name';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'has a control character (NUL, newline, ...) in its name';
  if (name.includes('\\')) return 'has a backslash in its name (a Windows path)';
  if (name.startsWith('/')) return 'is an absolute path';
  const segments = name.split('/');
  if (segments.includes('..')) return "is a path that climbs out of the archive ('..')";
  if (name.endsWith('/')) return 'is a directory';
  if (segments.length > 1 && !allowNestedKeys) return 'is a path (it contains /), not a plain NAME.npy';
  if (segments.some((s) => s === '' || s === '.')) return "is a path with empty or '.' parts";
  if (!name.endsWith('.npy')) return 'is not a .npy array (a .npz holds only NAME.npy entries)';
  if (segments[segments.length - 1] === '.npy') return 'has an empty array name (just .npy)';
  return undefined;
}

const keyOf = (entryName: string) => entryName.slice(0, -'.npy'.length);

/** How an entry's .npy content is named: its NpyErrors read "data.npz: entry 'x.npy': ...". */
const contentLabel = (path: string, entryName: string) => `${path}: ${entryLabel(entryName)}`;

/** Rethrow an NpyError about an entry's content with `file` = the archive (the message stays the same). */
function asArchiveError(e: unknown, path: string, label: string): unknown {
  if (e instanceof NpyError && e.file === label) return new NpyError(e.code, path, e.message.slice(path.length + 2), { cause: e });
  return e;
}

interface Archive {
  fh: FileHandle;
  entries: { key: string; entry: ZipEntry }[];
}

async function openArchive(path: string, limits: NpzLimits | undefined): Promise<Archive> {
  const fh = await openRegularFile(path);
  try {
    const zipEntries = await readZipDirectory(fh, path, {
      maxEntries: limits?.maxEntries ?? DEFAULT_MAX_ENTRIES,
      maxTotalBytes: limits?.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES,
    });
    const seen = new Set<string>();
    const entries = zipEntries.map((entry) => {
      const problem = entryNameProblem(entry.name, limits?.allowNestedKeys);
      if (problem) {
        const fix = problem.startsWith('is a path (') ? 'save the arrays under plain keys' : 'save the arrays with numpy.savez under plain keys';
        throw new NpyError('npz/entry-name', path, `${entryLabel(entry.name)} ${problem}; ${fix}`);
      }
      if (seen.has(entry.name)) throw new NpyError('npz/duplicate', path, `${entryLabel(entry.name)} appears twice; which one NumPy would read is unclear: re-save the arrays with numpy.savez`);
      seen.add(entry.name);
      return { key: keyOf(entry.name), entry };
    });
    return { fh, entries };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** How many bytes of a .npy the preamble + header take, given its first bytes (more until known). */
function npyPrefixBytes(head: Uint8Array): number {
  if (head.length < 12) return 12;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const major = head[6];
  if (major === 1) return Math.min(10 + dv.getUint16(8, true), MAX_PREFIX_BYTES);
  if (major === 2 || major === 3) return Math.min(12 + dv.getUint32(8, true), MAX_PREFIX_BYTES);
  return 12; // not a version parseNpyHeader reads: it says so
}

/**
 * The .npy header of every entry, keyed by name without `.npy`, in archive order. Reads the central
 * directory, the local headers and the beginning of each entry (a deflated entry is inflated only as far
 * as its header), never the data; the data's CRC is therefore not checked here. A header whose declared
 * data does not fill the entry exactly is an error, as it is for readNpz. Each header's `file` is
 * "PATH: entry 'NAME.npy'", for messages about it; its `dataOffset` counts from the entry's start.
 */
export async function readNpzHeaders(path: string, limits?: NpzLimits): Promise<Map<string, NpyHeader>> {
  const { fh, entries } = await openArchive(path, limits);
  try {
    const out = new Map<string, NpyHeader>();
    for (const { key, entry } of entries) {
      const label = contentLabel(path, entry.name);
      try {
        const header = parseNpyHeader(await readEntryPrefix(fh, path, entry, npyPrefixBytes), label);
        const want = header.dataOffset + header.dataBytes;
        if (entry.size < want) throw new NpyError('npy/truncated', label, `the entry is truncated: its header declares ${header.dataBytes} data bytes, only ${Math.max(0, entry.size - header.dataOffset)} present`);
        if (entry.size > want) throw new NpyError('npy/trailing', label, `${entry.size - want} unexpected bytes after the declared data`);
        out.set(key, header);
      } catch (e) {
        throw asArchiveError(e, path, label);
      }
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** Every array of the archive, keyed by name without `.npy`, in archive order; each entry CRC-checked. */
export async function readNpz(path: string, opts?: NpzReadOptions): Promise<Map<string, NpyArray>> {
  const { fh, entries } = await openArchive(path, opts);
  try {
    const out = new Map<string, NpyArray>();
    for (const { key, entry } of entries) {
      const label = contentLabel(path, entry.name);
      try {
        out.set(key, decodeNpy(await readEntry(fh, path, entry), label, opts));
      } catch (e) {
        throw asArchiveError(e, path, label);
      }
    }
    return out;
  } finally {
    await fh.close();
  }
}

/**
 * Write arrays as `NAME.npy` entries, atomically (like writeNpy). Stored by default (numpy.savez),
 * deflated with `compress` (numpy.savez_compressed). Keys may be `layer/weight` (read back with
 * `allowNestedKeys`), never paths that leave the archive. Throws NpyError ('npz/entry-name', 'npy/shape',
 * 'npy/dtype', 'npy/write'); nothing is left behind on failure.
 */
export async function writeNpz(
  path: string,
  arrays: ReadonlyMap<string, NpyWritable> | Readonly<Record<string, NpyWritable>>,
  opts?: { compress?: boolean },
): Promise<void> {
  const pairs = arrays instanceof Map ? [...(arrays as ReadonlyMap<string, NpyWritable>)] : Object.entries(arrays as Readonly<Record<string, NpyWritable>>);
  const entries = pairs.map(([key, array]) => {
    const name = `${key}.npy`;
    const problem = entryNameProblem(name, true);
    if (problem) throw new NpyError('npz/entry-name', path, `cannot write ${entryLabel(name)}: it ${problem}; use plain keys (or layer/weight)`);
    const label = contentLabel(path, name);
    try {
      return { name, data: encodeNpy(array, label) };
    } catch (e) {
      throw asArchiveError(e, path, label);
    }
  });
  const chunks = zipArchive(entries, { compress: opts?.compress ?? false });
  try {
    await writeFileAtomic(path, chunks);
  } catch (e) {
    throw new NpyError('npy/write', path, `cannot write: ${(e as Error).message}`, { cause: e });
  }
}
