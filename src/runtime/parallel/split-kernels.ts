import type * as tfTypes from '@tensorflow/tfjs';
import type { KernelFunc } from '../kernels/batch-mat-mul.js';
import { DataIds } from './input-cache.js';
import type { TensorData } from './blocking-worker.js';
import type { KernelHelper, KernelJob } from './kernel-helper.js';
import { SplitChoice } from './split-choice.js';

/**
 * Kernels split across the main thread and the helper threads, along the batch: each computes the
 * same kernel on its share of the rows, the main thread the first share, and the parts are put
 * back together in order. Kernels where each output row depends on its own input rows alone, so
 * that the result is exactly the one the whole kernel gives: the convolutions, most of the
 * reference CNN's time (the forward pass, and the input and filter gradients, which
 * src/runtime/kernels computes as forward convolutions), and MaxPoolGrad, our plain loop. Small
 * calls stay whole (the hand-over costs ~0.3 ms a part), and so do calls whose other inputs, which
 * every part gets whole, outweigh the rows split (the first convolution's filter gradient: its
 * "filter" is all of dy).
 */

type Tf = typeof tfTypes;
type Tensor = tfTypes.Tensor;

/** Per kernel split: the inputs split along their first axis (the others go whole to every part). */
export const SPLIT_KERNELS: Readonly<Record<string, readonly string[]>> = {
  Conv2D: ['x'],
  FusedConv2D: ['x'], // tfjs-layers' Conv2D outside training: convolution, bias and activation
  MaxPoolGrad: ['dy', 'input', 'output'],
};

/** Numbers for the inputs helpers keep (input-cache.ts). */
const dataIds = new DataIds();

/** Work (multiply-adds, or elements for a loop) below which a call is not split. */
const MIN_SPLIT_WORK = 4e6;

function workOf(kernel: string, inputs: Record<string, Tensor>): number {
  if (kernel === 'Conv2D' || kernel === 'FusedConv2D') {
    const [kh, kw, , outChannels] = inputs.filter.shape;
    return inputs.x.size * kh * kw * outChannels;
  }
  return 16 * inputs.input.size; // a loop over the input: ~16 multiply-adds' time an element
}

interface WasmBackend {
  readSync(dataId: object, start?: number, end?: number): Float32Array | Int32Array | Uint8Array;
}

function dataOf(backend: WasmBackend, t: Tensor, startRow = 0, endRow = t.shape[0]): TensorData {
  const row = t.size / t.shape[0];
  return { data: backend.readSync(t.dataId, startRow * row, endRow * row), shape: [endRow - startRow, ...t.shape.slice(1)], dtype: t.dtype as TensorData['dtype'] };
}

function worthSplitting(kernel: string, inputs: Record<string, Tensor>, split: readonly string[]): boolean {
  const size = (names: string[]) => names.reduce((n, name) => n + inputs[name].size, 0);
  const names = Object.keys(inputs);
  return inputs[split[0]].shape[0] >= 2 && workOf(kernel, inputs) >= MIN_SPLIT_WORK
    && size(names.filter((n) => !split.includes(n))) <= 2 * size(names.filter((n) => split.includes(n)));
}

/** `original`, with calls worth it split across the free helpers (when that proves faster). */
export function splitKernel(tf: Tf, kernel: string, original: KernelFunc, helpers: readonly KernelHelper[], counter = { calls: 0 }): KernelFunc {
  const split = SPLIT_KERNELS[kernel];
  const choice = new SplitChoice();
  return (args) => {
    // (without the optional inputs a call leaves out: a FusedConv2D without bias)
    const inputs = Object.fromEntries(Object.entries(args.inputs).filter(([, t]) => t != null)) as Record<string, Tensor>;
    const free = helpers.filter((h) => h.ready);
    if (free.length === 0 || !worthSplitting(kernel, inputs, split)) return original(args);
    const key = Object.values(inputs).map((t) => t.shape.join('x')).join(',');
    const splitting = choice.split(key);
    const start = performance.now();
    if (splitting) counter.calls++;
    const result = splitting ? splitCall(tf, kernel, original, { ...args, inputs }, free) : original(args);
    choice.record(key, splitting, performance.now() - start);
    return result;
  };
}

/** One call split: helpers get their rows first, then the main thread computes its own. */
function splitCall(tf: Tf, kernel: string, original: KernelFunc, args: Parameters<KernelFunc>[0], free: readonly KernelHelper[]): tfTypes.Tensor {
  const split = SPLIT_KERNELS[kernel];
  const inputs = args.inputs as Record<string, Tensor>;
  const rows = inputs[split[0]].shape[0];
  const parts = Math.min(free.length + 1, rows);
  const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((k * rows) / parts));
  const backend = args.backend as WasmBackend;
  const attrs = args.attrs ?? {};
  const shared = Object.entries(inputs).filter(([name]) => !split.includes(name));
  const working = free.slice(0, parts - 1);
  working.forEach((helper, k) => {
    const job: KernelJob['inputs'] = Object.fromEntries(split.map((name) => [name, dataOf(backend, inputs[name], bounds[k + 1], bounds[k + 2])]));
    // The inputs every part gets whole: by reference when the helper kept them.
    for (const [name, t] of shared) {
      const id = dataIds.of(t.dataId, t.shape);
      if (helper.kept.get(id)) {
        job[name] = { kept: id };
      } else {
        job[name] = { ...dataOf(backend, t), keep: id };
        helper.kept.add(id, t.size, true);
      }
    }
    helper.post({ kernel, inputs: job, attrs }, Object.values(job).flatMap((t) => ('data' in t ? [t.data.buffer as ArrayBuffer] : [])));
  });
  return tf.tidy(() => {
    let mine: Tensor | Error;
    try {
      const firstRows = Object.fromEntries(split.map((name) => [name, tf.slice(inputs[name], 0, bounds[1])]));
      mine = tf.engine().makeTensorFromTensorInfo(original({ ...args, inputs: { ...inputs, ...firstRows } }) as tfTypes.TensorInfo);
    } catch (error) {
      mine = error as Error;
    }
    // Every helper is waited for, even after a part failed: none is left holding a job.
    const answers = working.map((helper) => {
      try {
        return helper.answer();
      } catch (error) {
        return error as Error;
      }
    });
    const failed = [mine, ...answers].find((a): a is Error => a instanceof Error);
    if (failed) throw failed;
    return tf.concat([mine as Tensor, ...(answers as TensorData[]).map((a) => tf.tensor(a.data, a.shape, a.dtype))], 0);
  });
}
