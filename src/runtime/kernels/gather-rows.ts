import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelFunc } from './batch-mat-mul.js';
import type { Tf, WasmBackend } from './patches.js';

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/**
 * GatherV2 on wasm of whole rows (axis 0, no batch dims: `tf.gather(x, order)`, how train shuffles
 * an epoch and how tfjs's fit cuts each batch) as one memory copy per row. tfjs 4.22's wasm kernel
 * took ~85 ms for an epoch of 1 024 32x32x3 images and ~5 ms per batch of 64: 0.17 s of a
 * 2-epoch reference-CNN job. Out-of-range indices, and any other gather, go to the backend's own
 * kernel (which reports them).
 */
export function gatherRows(tf: Tf, original: KernelFunc): KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    const backend = args.backend as WasmBackend;
    const bytesPerValue = BYTES[x.dtype];
    if (!bytesPerValue || indices.dtype !== 'int32' || batchDims !== 0 || tf.util.parseAxisParam(axis, x.shape)[0] !== 0 || x.shape.length === 0) return original(args);
    const rows = x.shape[0];
    // (A view of the memory is read before any allocation: one that grows the memory detaches it.)
    for (const row of backend.typedArrayFromHeap(indices) as Int32Array) if (!(row >= 0 && row < rows)) return original(args);
    const rowBytes = (x.shape.slice(1).reduce((a, b) => a * b, 1)) * bytesPerValue;
    const outShape = [...indices.shape, ...x.shape.slice(1)];
    const out = backend.makeOutput(outShape, x.dtype);
    if (outShape.includes(0)) return out;
    // Views taken after the allocation, which may have grown the memory (and detached the old views).
    const order = backend.typedArrayFromHeap(indices) as Int32Array;
    const from = backend.typedArrayFromHeap(x);
    const heap = new Uint8Array(from.buffer);
    const source = from.byteOffset;
    let target = backend.typedArrayFromHeap(out).byteOffset;
    for (const row of order) {
      heap.copyWithin(target, source + row * rowBytes, source + (row + 1) * rowBytes);
      target += rowBytes;
    }
    return out;
  };
}
