/**
 * Reading `.npy` files: the header alone (`readNpyHeader`), rows of the first axis on demand
 * (`openNpy(...).readRows(start, end)`), or everything (`readNpy`).
 *
 * Output element types: bool -> Uint8Array (0/1) · every integer dtype -> Int32Array, range-checked
 * (a value outside int32 is an 'npy/range' error naming its index) · float16/32/64 -> Float32Array.
 * float64 is rounded to the nearest float32 (about 7 significant digits are kept); a finite float64
 * beyond float32's range (|x| > 3.4e38) is an 'npy/range' error rather than a silent Infinity.
 * `{ as: 'float32' }` reads integers and bools as float32 too (int64/uint64 beyond 2^53 is an error);
 * `{ as: 'int32' }` reads bools as int32.
 *
 * Memory: C-order files are read one contiguous byte range per readRows call, so memory follows the
 * rows asked for, not the file. Fortran-order files are gathered: the first readRows reads and
 * transposes the whole array once and keeps it (memory = the whole array).
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { halfToNumber, NATIVE_LITTLE, type NpyDtype, type OutputDtype } from './dtypes.js';
import { NpyError } from './npy-error.js';
import { formatShape, MAX_PREFIX_BYTES, type NpyHeader, parseNpyHeader } from './npy-header.js';

export type NpyData = Float32Array | Int32Array | Uint8Array;
export interface NpyArray {
  readonly data: NpyData;
  readonly shape: number[];
  readonly dtype: OutputDtype;
  /** The dtype the file holds. */
  readonly source: NpyDtype;
}
export interface NpyReadOptions {
  /** The output element type; default: bool -> 'bool', integers -> 'int32', floats -> 'float32'. */
  readonly as?: OutputDtype;
}

const FLOAT32_RANGE = 'float32 (|x| <= 3.4e38)';

function outputDtype(h: NpyHeader, opts: NpyReadOptions | undefined): OutputDtype {
  const as = opts?.as ?? h.dtype.output;
  const ok = as === 'float32' || (as === 'int32' && h.dtype.kind !== 'f') || (as === 'bool' && h.dtype.kind === 'b');
  if (!ok) throw new NpyError('npy/dtype', h.file, `${h.dtype.name} data ('${h.dtype.descr}') cannot be read as ${as}; convert it in NumPy (a.astype(...)) first`);
  return as;
}

const unravel = (flat: number, shape: readonly number[], fortran: boolean): number[] => {
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < shape.length; k++) {
    const axis = fortran ? k : shape.length - 1 - k;
    idx[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return idx;
};

/**
 * Convert `count` elements of `bytes` (in file order) to the output type. `firstFlat` is the flat
 * (file-order) index of the first element, for error messages.
 */
function convert(bytes: Uint8Array, h: NpyHeader, as: OutputDtype, count: number, firstFlat: number): NpyData {
  const { dtype } = h;
  // The common case (float32 or int32 data in this machine's byte order, read as itself) needs no
  // per-element work: the bytes are the values (a view when aligned, else one copy).
  if (dtype.itemsize === 4 && dtype.littleEndian === NATIVE_LITTLE && ((as === 'float32' && dtype.kind === 'f') || (as === 'int32' && dtype.kind === 'i'))) {
    const Typed = as === 'float32' ? Float32Array : Int32Array;
    if (bytes.byteOffset % 4 === 0) return new Typed(bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
    const aligned = new Uint8Array(count * 4); // (not bytes.slice: on a Buffer that is a view, not a copy)
    aligned.set(bytes.subarray(0, count * 4));
    return new Typed(aligned.buffer);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = dtype.littleEndian;
  const size = dtype.itemsize;
  const out = as === 'float32' ? new Float32Array(count) : as === 'int32' ? new Int32Array(count) : new Uint8Array(count);
  const bad = (k: number, v: number | bigint, range: string): never => {
    const at = h.shape.length ? ` at index ${formatShape(unravel(firstFlat + k, h.shape, h.fortranOrder))}` : '';
    throw new NpyError('npy/range', h.file, `${dtype.name} value ${String(v)}${at} does not fit ${range}; rescale or cast the array in NumPy first`);
  };
  if (dtype.kind === 'b') {
    for (let k = 0; k < count; k++) out[k] = bytes[k] ? 1 : 0;
    return out;
  }
  if (dtype.kind === 'f') {
    const f32 = out as Float32Array;
    for (let k = 0, o = 0; k < count; k++, o += size) {
      const v = size === 2 ? halfToNumber(dv.getUint16(o, le)) : size === 4 ? dv.getFloat32(o, le) : dv.getFloat64(o, le);
      f32[k] = v;
      if (size === 8 && f32[k] !== v && Number.isFinite(v) && !Number.isFinite(f32[k])) bad(k, v, FLOAT32_RANGE);
    }
    return out;
  }
  if (size === 8) {
    const lo = as === 'int32' ? -(2n ** 31n) : -(2n ** 53n);
    const hi = as === 'int32' ? 2n ** 31n - 1n : 2n ** 53n;
    const range = as === 'int32' ? 'int32 ([-2147483648, 2147483647])' : 'float32 exactly enough (|x| <= 2^53)';
    for (let k = 0, o = 0; k < count; k++, o += 8) {
      const v = dtype.kind === 'i' ? dv.getBigInt64(o, le) : dv.getBigUint64(o, le);
      if (v < lo || v > hi) bad(k, v, range);
      out[k] = Number(v);
    }
    return out;
  }
  for (let k = 0, o = 0; k < count; k++, o += size) {
    const v =
      dtype.kind === 'i'
        ? size === 1 ? dv.getInt8(o) : size === 2 ? dv.getInt16(o, le) : dv.getInt32(o, le)
        : size === 1 ? dv.getUint8(o) : size === 2 ? dv.getUint16(o, le) : dv.getUint32(o, le);
    if (as === 'int32' && v > 2147483647) bad(k, v, 'int32 ([-2147483648, 2147483647])');
    out[k] = v;
  }
  return out;
}

/** Fortran-order elements (file order) -> C order. */
function fortranToC(src: NpyData, shape: readonly number[]): NpyData {
  const n = src.length;
  const out = new (src.constructor as new (n: number) => NpyData)(n);
  if (n === 0) return out;
  const rank = shape.length;
  const fStride: number[] = [];
  for (let k = 0, s = 1; k < rank; k++) {
    fStride.push(s);
    s *= shape[k];
  }
  const idx = new Array<number>(rank).fill(0);
  let off = 0;
  for (let c = 0; c < n; c++) {
    out[c] = src[off];
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]++;
      off += fStride[k];
      if (idx[k] < shape[k]) break;
      off -= idx[k] * fStride[k];
      idx[k] = 0;
    }
  }
  return out;
}

function checkDataSize(h: NpyHeader, fileSize: number): void {
  const want = h.dataOffset + h.dataBytes;
  if (fileSize < want) {
    throw new NpyError('npy/truncated', h.file, `the file is truncated: ${h.dtype.name} ${formatShape(h.shape)} needs ${h.dataBytes} data bytes, only ${Math.max(0, fileSize - h.dataOffset)} present`);
  }
  if (fileSize > want) throw new NpyError('npy/trailing', h.file, `${fileSize - want} unexpected bytes after the data of ${h.dtype.name} ${formatShape(h.shape)}`);
}

/** An in-memory `.npy` (e.g. a member of an archive), decoded whole. */
export function decodeNpy(bytes: Uint8Array, file: string, opts?: NpyReadOptions): NpyArray {
  const h = parseNpyHeader(bytes, file);
  checkDataSize(h, bytes.length);
  const as = outputDtype(h, opts);
  const data = convert(bytes.subarray(h.dataOffset), h, as, h.size, 0);
  return { data: h.fortranOrder ? fortranToC(data, h.shape) : data, shape: [...h.shape], dtype: as, source: h.dtype };
}

/**
 * Opens a data file for reading, refusing anything but a regular file: a FIFO would block the open
 * (or the read) forever and a device such as /dev/zero never ends. O_NONBLOCK makes opening a FIFO
 * return at once, so that fstat can tell; it does nothing to a regular file.
 */
export async function openRegularFile(path: string): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new NpyError('npy/io', path, `cannot open: ${(e as Error).message}`, { cause: e });
  }
  const info = await fh.stat().catch(() => undefined);
  if (!info?.isFile()) {
    await fh.close();
    throw new NpyError('npy/io', path, `not a regular file (${info?.isDirectory() ? 'a directory' : 'a pipe, device or socket'}); give a saved .npy/.npz file`);
  }
  return fh;
}

/** Up to `length` bytes at `position` (fewer at the end of the file); a read error is npy/io. */
export async function readAt(fh: FileHandle, path: string, length: number, position: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let got = 0;
  try {
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
  } catch (e) {
    throw new NpyError('npy/io', path, `cannot read: ${(e as Error).message}`, { cause: e });
  }
  return got === length ? buf : buf.subarray(0, got);
}

async function headerOf(fh: FileHandle, path: string): Promise<{ header: NpyHeader; fileSize: number }> {
  let fileSize: number;
  try {
    fileSize = (await fh.stat()).size;
  } catch (e) {
    throw new NpyError('npy/io', path, `cannot stat: ${(e as Error).message}`, { cause: e });
  }
  const prefix = await readAt(fh, path, Math.min(fileSize, MAX_PREFIX_BYTES), 0);
  return { header: parseNpyHeader(prefix, path), fileSize };
}

/** The header alone: at most the first ~10 KB of the file are read, never the data. */
export async function readNpyHeader(path: string): Promise<NpyHeader> {
  const fh = await openRegularFile(path);
  try {
    return (await headerOf(fh, path)).header;
  } finally {
    await fh.close();
  }
}

export class NpyReader {
  private fortranCache: NpyData | undefined;
  private constructor(
    private readonly fh: FileHandle,
    readonly header: NpyHeader,
    private readonly fileSize: number,
    readonly dtype: OutputDtype,
  ) {}

  static async open(path: string, opts?: NpyReadOptions): Promise<NpyReader> {
    const fh = await openRegularFile(path);
    try {
      const { header, fileSize } = await headerOf(fh, path);
      return new NpyReader(fh, header, fileSize, outputDtype(header, opts));
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  /** Length of the first axis (throws for a 0-d array). */
  get rows(): number {
    if (this.header.shape.length === 0) throw new NpyError('npy/rows', this.header.file, 'a 0-d array has no rows; read it whole');
    return this.header.shape[0];
  }

  /** Rows [start, end) of the first axis, as a C-order array of shape [end - start, ...rest]. */
  async readRows(start: number, end: number): Promise<NpyArray> {
    const h = this.header;
    const rows = this.rows;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > rows) {
      throw new NpyError('npy/rows', h.file, `rows [${start}, ${end}) are outside the first axis (length ${rows})`);
    }
    checkDataSize(h, this.fileSize);
    const rowSize = h.size === 0 ? 0 : h.size / rows;
    const shape = [end - start, ...h.shape.slice(1)];
    if (h.fortranOrder) {
      this.fortranCache ??= fortranToC(convert(await this.bytes(h.dataOffset, h.dataBytes), h, this.dtype, h.size, 0), h.shape);
      return { data: this.fortranCache.slice(start * rowSize, end * rowSize), shape, dtype: this.dtype, source: h.dtype };
    }
    const count = (end - start) * rowSize;
    const bytes = await this.bytes(h.dataOffset + start * rowSize * h.dtype.itemsize, count * h.dtype.itemsize);
    return { data: convert(bytes, h, this.dtype, count, start * rowSize), shape, dtype: this.dtype, source: h.dtype };
  }

  /** The whole array, C order. */
  async readAll(): Promise<NpyArray> {
    const h = this.header;
    if (h.shape.length > 0) return this.readRows(0, h.shape[0]);
    checkDataSize(h, this.fileSize);
    return { data: convert(await this.bytes(h.dataOffset, h.dataBytes), h, this.dtype, 1, 0), shape: [], dtype: this.dtype, source: h.dtype };
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  private async bytes(position: number, length: number): Promise<Uint8Array> {
    const b = await readAt(this.fh, this.header.file, length, position);
    if (b.length < length) throw new NpyError('npy/truncated', this.header.file, 'the file ended while reading its data (was it truncated while being read?)');
    return b;
  }
}

export const openNpy = (path: string, opts?: NpyReadOptions): Promise<NpyReader> => NpyReader.open(path, opts);

/** Read a whole `.npy` file. */
export async function readNpy(path: string, opts?: NpyReadOptions): Promise<NpyArray> {
  const r = await openNpy(path, opts);
  try {
    return await r.readAll();
  } finally {
    await r.close();
  }
}
