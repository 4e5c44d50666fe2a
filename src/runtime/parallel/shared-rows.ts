import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../backend.js';
import { wasmBackend } from '../kernels/patches.js';
import { scaledAdd } from '../kernels/simd/simd-kernels.js';
import type { TensorData } from './blocking-worker.js';

/**
 * How a training step's data crosses between the main thread and a replica (row-split.ts) without
 * new memory each step: the rows of the batch in shared memory allocated once (and again only for
 * a bigger batch), read from and written to tfjs's wasm memory directly. As copies (dataSync, a
 * transferred array) each step took ~1.6 MB of fresh pages on each side, ~400 page faults a step,
 * and the main thread ~1 ms to post its rows.
 */

/** Rows of a tensor in shared memory: the first `length` elements of `buffer`. */
export interface SharedRowsData {
  buffer: SharedArrayBuffer;
  length: number;
  shape: number[];
  dtype: TensorData['dtype'];
}

const BYTES_PER_ELEMENT = { float32: 4, int32: 4, bool: 1 } as const;

function view(dtype: TensorData['dtype'], buffer: SharedArrayBuffer, length: number): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return new Float32Array(buffer, 0, length);
  return dtype === 'int32' ? new Int32Array(buffer, 0, length) : new Uint8Array(buffer, 0, length);
}

/** One replica's rows of each batch tensor (inputs, targets, sample weights), in buffers kept across steps. */
export class SharedRows {
  private readonly buffers: (SharedArrayBuffer | undefined)[] = [];

  /** Rows [start, end) of each tensor (null stays null), written where the replica reads them. */
  write(tf: Tf, data: readonly (tfTypes.Tensor | null)[], start: number, end: number): (SharedRowsData | null)[] {
    return data.map((t, i) => {
      if (t == null) return null;
      const dtype = t.dtype as TensorData['dtype'];
      const bytes = BYTES_PER_ELEMENT[dtype];
      if (!bytes) throw new Error(`a batch tensor of dtype ${t.dtype} cannot be split by rows`);
      const row = t.size / t.shape[0];
      const length = (end - start) * row;
      let buffer = this.buffers[i];
      if (!buffer || buffer.byteLength < length * bytes) buffer = this.buffers[i] = new SharedArrayBuffer(length * bytes);
      view(dtype, buffer, length).set(valuesOf(tf, t).subarray(start * row, end * row));
      return { buffer, length, shape: [end - start, ...t.shape.slice(1)], dtype };
    });
  }
}

/** The replica's side: a tensor of the rows (tfjs copies them into its own memory). */
export function rowsTensor(tf: Tf, rows: SharedRowsData): tfTypes.Tensor {
  return tf.tensor(view(rows.dtype, rows.buffer, rows.length), rows.shape, rows.dtype);
}

/**
 * A tensor's values: on wasm a view of tfjs's memory, no copy (valid until tfjs next allocates,
 * so read at once), elsewhere dataSync's copy.
 */
function valuesOf(tf: Tf, t: tfTypes.TensorInfo): Float32Array | Int32Array | Uint8Array {
  const backend = wasmBackend(tf);
  return backend ? backend.typedArrayFromHeap(t) : (tf.engine().readSync(t.dataId) as Float32Array | Int32Array | Uint8Array);
}

/** Writes the float32 values of `tensors` one after the other into `out`, from its start (read from tfjs's memory directly on wasm). */
export function writeFlat(tf: Tf, tensors: readonly tfTypes.TensorInfo[], out: Float32Array): void {
  let offset = 0;
  for (const t of tensors) {
    const values = valuesOf(tf, t) as Float32Array;
    out.set(values, offset);
    offset += values.length;
  }
}

/**
 * own * ownShare + the sum of each part's values * its share, in float32 as tfjs's mul and add
 * give it: on wasm each part copied into tfjs's memory and added in SIMD (scaled_add, ~0.3 ms for
 * the reference CNN's 315 722 gradients against ~1.3 as tfjs ops).
 */
export function weightedSum(tf: Tf, own: tfTypes.Tensor, ownShare: number, parts: readonly { values: Float32Array; share: number }[]): tfTypes.Tensor {
  const backend = wasmBackend(tf);
  return tf.tidy(() => {
    // The first sum takes own * ownShare as its x; the next ones the sum so far, times 1 (exact).
    let sum = own;
    let scale = ownShare;
    for (const p of parts) {
      const part = tf.tensor(p.values, own.shape);
      const summed = backend && scaledAdd(backend, sum, scale, part, p.share);
      sum = summed ? tf.engine().makeTensorFromTensorInfo(summed) : tf.add(tf.mul(sum, scale), tf.mul(part, p.share));
      scale = 1;
    }
    return scale === 1 ? sum : tf.mul(own, ownShare);
  });
}
