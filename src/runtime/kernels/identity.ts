import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelArgs, WasmBackend } from './patches.js';

/**
 * Identity (`tf.clone`; tfjs clones every tensor a gradient will need) sharing its input's data,
 * as wasm's own Reshape and the cpu backend's Identity do, instead of copying it: tfjs 4.22's wasm
 * Identity copied ~4 ms of data in each reference-CNN training step. Safe because no kernel writes
 * into a tensor's data in place: every output is new memory (the backend counts the references).
 */
export function identity(_tf: unknown, args: KernelArgs): TensorInfo {
  const x = args.inputs.x as TensorInfo;
  (args as KernelArgs & { backend: WasmBackend }).backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}
