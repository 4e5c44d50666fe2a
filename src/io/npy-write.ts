/**
 * Writing `.npy`: version 1.0, little-endian
 * '<f4' / '<i4' / '|b1', C order. Atomic: the bytes go to a temporary file in the target's directory,
 * which is fsynced and renamed over the target; on any error the temporary file is removed and the
 * target is untouched.
 *
 * Version 2.0 exists for headers longer than 65535 bytes; with at most 64 dimensions (NumPy's limit,
 * enforced here) of at most 2^53 each, the header stays under ~1.3 KB, so version 1.0 always suffices.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type OutputDtype, WRITE_DESCR } from './dtypes.js';
import { NpyError } from './npy-error.js';
import { formatShape, MAX_RANK, NPY_MAGIC } from './npy-header.js';
import type { NpyData } from './npy-read.js';
import { newTempPath, releaseTemp } from './temp-files.js';

export interface NpyWritable {
  readonly data: NpyData;
  readonly shape: readonly number[];
  /** Default: Float32Array -> float32, Int32Array -> int32, Uint8Array -> bool. */
  readonly dtype?: OutputDtype;
}

const ALIGN = 64;

/** The element type a typed array holds (Uint8Array = bool, 0/1). */
export const dtypeOf = (data: NpyData): OutputDtype => (data instanceof Float32Array ? 'float32' : data instanceof Int32Array ? 'int32' : 'bool');

/** The header (magic, version 1.0, dict padded to 64 bytes) of a C-order little-endian array. */
export function encodeNpyHeader(dtype: OutputDtype, shape: readonly number[], file = '<memory>'): Uint8Array {
  if (shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new NpyError('npy/shape', file, `invalid shape ${formatShape(shape)}`);
  const dict = `{'descr': '${WRITE_DESCR[dtype]}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  const pre = 10;
  const total = Math.ceil((pre + dict.length + 1) / ALIGN) * ALIGN;
  const headerLen = total - pre;
  const out = new Uint8Array(total);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerLen, true);
  const text = dict + ' '.repeat(headerLen - dict.length - 1) + '\n';
  for (let k = 0; k < text.length; k++) out[pre + k] = text.charCodeAt(k);
  return out;
}

/** The complete file bytes for an array (header + little-endian data). */
export function encodeNpy(array: NpyWritable, file = '<memory>'): Uint8Array {
  const { data, shape } = array;
  const dtype: OutputDtype = array.dtype ?? dtypeOf(data);
  if (dtype !== dtypeOf(data)) throw new NpyError('npy/dtype', file, `cannot write a ${data.constructor.name} as ${dtype}`);
  const header = encodeNpyHeader(dtype, shape, file);
  const size = shape.includes(0) ? 0 : shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new NpyError('npy/shape', file, `shape ${formatShape(shape)} holds ${size} elements, the data has ${data.length}`);
  const total = header.length;
  const out = new Uint8Array(total + data.length * (dtype === 'bool' ? 1 : 4));
  out.set(header, 0);
  const dv = new DataView(out.buffer);
  if (data instanceof Float32Array) for (let k = 0; k < data.length; k++) dv.setFloat32(total + 4 * k, data[k], true);
  else if (data instanceof Int32Array) for (let k = 0; k < data.length; k++) dv.setInt32(total + 4 * k, data[k], true);
  else for (let k = 0; k < data.length; k++) out[total + k] = data[k] ? 1 : 0;
  return out;
}

/** Write an array to `path` atomically. Throws NpyError ('npy/write', 'npy/shape', 'npy/dtype'). */
export async function writeNpy(path: string, array: NpyWritable): Promise<void> {
  const bytes = encodeNpy(array, path);
  try {
    await writeFileAtomic(path, bytes);
  } catch (e) {
    throw new NpyError('npy/write', path, `cannot write: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Write `chunks` to `path` atomically: a temporary file in the same directory, fsynced, renamed over
 * `path`. On any error the temporary file is removed, `path` is untouched and the error is rethrown.
 */
export async function writeFileAtomic(path: string, chunks: Uint8Array | readonly Uint8Array[]): Promise<void> {
  const parts = chunks instanceof Uint8Array ? [chunks] : chunks;
  const tmp = newTempPath(path);
  let created = false;
  try {
    const fh = await open(tmp, 'wx', 0o644);
    created = true;
    try {
      for (const bytes of parts) {
        let off = 0;
        while (off < bytes.length) off += (await fh.write(bytes, off, Math.min(bytes.length - off, 1 << 24))).bytesWritten;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    created = false;
  } catch (e) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    releaseTemp(tmp);
  }
  // make the rename itself durable (best effort: not every platform can open a directory)
  try {
    const dir = await open(dirname(path), 'r');
    await dir.sync().finally(() => dir.close());
  } catch {
    /* ignore */
  }
}
