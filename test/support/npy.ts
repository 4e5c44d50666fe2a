/**
 * TEST-ONLY minimal .npy reader for the NumPy fixtures: format versions 1-3, little-endian
 * float32 / float64 / int32 / int64 / bool, C order. It trusts its input. Kept apart from the strict
 * reader in src/io on purpose: the reference values are not read by the code under test.
 */
import { readFileSync } from 'node:fs';

export interface NpyArray {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  /** The values in C order; int64 and float64 are narrowed to numbers. */
  data: Float32Array | Int32Array | Uint8Array;
}

export function readNpy(path: string): NpyArray {
  const bytes = readFileSync(path);
  if (bytes.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || shapeText === undefined || fortran) throw new Error(`${path}: unsupported header ${header}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.subarray(headerStart + headerLength);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  switch (descr) {
    case '<f4': return { dtype: 'float32', shape, data: Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true)) };
    case '<f8': return { dtype: 'float32', shape, data: Float32Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true)) };
    case '<i4': return { dtype: 'int32', shape, data: Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true)) };
    case '<i8': return { dtype: 'int32', shape, data: Int32Array.from({ length: count }, (_, i) => Number(view.getBigInt64(i * 8, true))) };
    case '|b1': return { dtype: 'bool', shape, data: Uint8Array.from(body.subarray(0, count)) };
    default: throw new Error(`${path}: unsupported dtype ${descr}`);
  }
}
