/**
 * Writing a `.npy` file a batch of rows at a time, so `predict` never holds its whole output.
 * The final shape is known up front (the samples come from the input's header), so the header is
 * written first and each batch appended. Atomic like writeNpy: the rows go to a temporary file next
 * to the target, renamed over it only by `commit` once every row is there; `abort` (or any error)
 * removes it and leaves the target untouched.
 */
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { NATIVE_LITTLE, type OutputDtype } from './dtypes.js';
import { NpyError } from './npy-error.js';
import { formatShape } from './npy-header.js';
import type { NpyData } from './npy-read.js';
import { encodeNpyHeader } from './npy-write.js';
import { newTempPath, releaseTemp } from './temp-files.js';

/** The little-endian bytes of a batch (a view, no copy, on little-endian machines). */
function littleEndianBytes(data: NpyData): Uint8Array {
  if (data instanceof Uint8Array) return data.every((v) => v <= 1) ? data : data.map((v) => (v ? 1 : 0));
  if (NATIVE_LITTLE) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const dv = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((v, k) => dv.setFloat32(4 * k, v, true));
  else data.forEach((v, k) => dv.setInt32(4 * k, v, true));
  return out;
}

export class NpyRowWriter {
  private rowsWritten = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly fh: FileHandle,
    readonly dtype: OutputDtype,
    readonly shape: readonly number[],
    private readonly rowSize: number,
  ) {}

  /** Starts `path` with the header of an array of `shape` (rows first); nothing appears at `path` until commit. */
  static async create(path: string, dtype: OutputDtype, shape: readonly number[]): Promise<NpyRowWriter> {
    if (shape.length === 0) throw new NpyError('npy/shape', path, 'a 0-d array has no rows to write in batches');
    const header = encodeNpyHeader(dtype, shape, path);
    const tmp = newTempPath(path);
    let fh: FileHandle;
    try {
      fh = await open(tmp, 'wx', 0o644);
    } catch (e) {
      releaseTemp(tmp);
      throw new NpyError('npy/write', path, `cannot write: ${(e as Error).message}`, { cause: e });
    }
    const writer = new NpyRowWriter(path, tmp, fh, dtype, shape, shape.slice(1).reduce((a, b) => a * b, 1));
    await writer.write(header);
    return writer;
  }

  /** Appends the next rows, C order; their count must be a whole number of rows within the shape. */
  async writeRows(data: NpyData): Promise<void> {
    const rows = this.rowSize === 0 ? 0 : data.length / this.rowSize;
    if (!Number.isInteger(rows) || this.rowsWritten + rows > this.shape[0]) {
      await this.abort();
      throw new NpyError('npy/shape', this.path, `${data.length} values do not make whole rows of ${formatShape(this.shape)} after ${this.rowsWritten} rows`);
    }
    await this.write(littleEndianBytes(data));
    this.rowsWritten += rows;
  }

  /** Makes the file appear at its path, complete (fsynced), or throws and leaves nothing. */
  async commit(): Promise<void> {
    if (this.rowsWritten !== this.shape[0] && this.rowSize !== 0) {
      await this.abort();
      throw new NpyError('npy/shape', this.path, `only ${this.rowsWritten} of ${this.shape[0]} rows were written`);
    }
    try {
      await this.fh.sync();
      await this.close();
      await rename(this.tmp, this.path);
      releaseTemp(this.tmp);
    } catch (e) {
      await this.abort();
      throw new NpyError('npy/write', this.path, `cannot write: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Removes the temporary file; the target is untouched. Safe to call more than once. */
  async abort(): Promise<void> {
    await this.close().catch(() => undefined);
    await unlink(this.tmp).catch(() => undefined);
    releaseTemp(this.tmp);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }

  private async write(bytes: Uint8Array): Promise<void> {
    try {
      let off = 0;
      while (off < bytes.length) off += (await this.fh.write(bytes, off, Math.min(bytes.length - off, 1 << 24))).bytesWritten;
    } catch (e) {
      await this.abort();
      throw new NpyError('npy/write', this.path, `cannot write: ${(e as Error).message}`, { cause: e });
    }
  }
}
