import type * as tfTypes from '@tensorflow/tfjs';
import type { KernelFunc } from '../kernels/batch-mat-mul.js';
import type { KernelHelper, TensorData } from './kernel-helper.js';

/**
 * Kernels split across the main thread and the helper threads, along the batch: each computes the
 * same kernel on its share of the rows, the main thread the first share, and the parts are put
 * back together in order. Convolutions only: they are most of the reference CNN's time (the
 * forward pass, and the input and filter gradients, which src/runtime/kernels computes as forward
 * convolutions), and each output row depends on its input row alone, so the result is the one the
 * whole kernel gives. Small calls stay whole: the hand-over costs ~0.3 ms a part.
 */

type Tf = typeof tfTypes;
type Tensor = tfTypes.Tensor;

/** Multiply-adds below which a convolution is not split. */
const MIN_SPLIT_FLOPS = 8e6;

/** The kernels split, and the input split along its first axis (the others go whole to every part). */
export const SPLIT_KERNELS: Readonly<Record<string, string>> = {
  Conv2D: 'x',
};

interface WasmBackend {
  readSync(dataId: object, start?: number, end?: number): Float32Array | Int32Array | Uint8Array;
}

function flopsOf(kernel: string, inputs: Record<string, Tensor>): number {
  if (kernel === 'Conv2D') {
    const [kh, kw, , outChannels] = inputs.filter.shape;
    return inputs.x.size * kh * kw * outChannels;
  }
  return 0;
}

function dataOf(backend: WasmBackend, t: Tensor, startRow = 0, endRow = t.shape[0]): TensorData {
  const row = t.size / t.shape[0];
  return { data: backend.readSync(t.dataId, startRow * row, endRow * row), shape: [endRow - startRow, ...t.shape.slice(1)], dtype: t.dtype as TensorData['dtype'] };
}

export function splitKernel(tf: Tf, kernel: string, original: KernelFunc, helpers: readonly KernelHelper[]): KernelFunc {
  const splitInput = SPLIT_KERNELS[kernel];
  return (args) => {
    const inputs = args.inputs as Record<string, Tensor>;
    const rows = inputs[splitInput].shape[0];
    const free = helpers.filter((h) => h.ready);
    if (free.length === 0 || rows < 2 || flopsOf(kernel, inputs) < MIN_SPLIT_FLOPS) return original(args);
    const parts = Math.min(free.length + 1, rows);
    const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((k * rows) / parts));
    const backend = args.backend as WasmBackend;
    const attrs = args.attrs ?? {};
    const shared = Object.fromEntries(Object.entries(inputs).filter(([name]) => name !== splitInput).map(([name, t]) => [name, dataOf(backend, t)]));
    const working = free.slice(0, parts - 1);
    working.forEach((helper, k) => {
      const part = dataOf(backend, inputs[splitInput], bounds[k + 1], bounds[k + 2]);
      // A transferred buffer is gone from here: every part but the last gets its own copy.
      const own = k === parts - 2 ? shared : Object.fromEntries(Object.entries(shared).map(([name, t]) => [name, { ...t, data: t.data.slice() }]));
      helper.post({ kernel, inputs: { ...own, [splitInput]: part }, attrs }, [part.data.buffer as ArrayBuffer, ...Object.values(own).map((t) => t.data.buffer as ArrayBuffer)]);
    });
    return tf.tidy(() => {
      const first = tf.slice(inputs[splitInput], 0, bounds[1]);
      const mine = tf.engine().makeTensorFromTensorInfo(original({ ...args, inputs: { ...inputs, [splitInput]: first } }) as tfTypes.TensorInfo);
      // Every helper is waited for, even after one failed: none is left holding a job.
      const answers = working.map((helper) => {
        try {
          return helper.answer();
        } catch (error) {
          return error as Error;
        }
      });
      const failed = answers.find((a): a is Error => a instanceof Error);
      if (failed) throw failed;
      return tf.concat([mine, ...(answers as TensorData[]).map((a) => tf.tensor(a.data, a.shape, a.dtype))], 0);
    });
  };
}
