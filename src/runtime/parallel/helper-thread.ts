import type * as tfTypes from '@tensorflow/tfjs';
import { requireTfjs } from '../backend.js';
import { registerTrainingKernels } from '../kernels/index.js';
import { InputCache } from './input-cache.js';
import type { TensorData } from './blocking-worker.js';
import type { KernelJob } from './kernel-helper.js';
import { loadForJobs, serveJobs } from './serve-jobs.js';

/**
 * The kernel helper thread (kernel-helper.ts): tfjs-core and the wasm backend alone (the helper
 * runs kernels, never a model): half of what the main thread loads, which it loads at the same
 * time on a 2-core machine; and layerspec's kernels, which the main thread may hand over too
 * (MaxPoolGrad). Then one kernel per job.
 */
async function loadKernels(): Promise<typeof tfTypes> {
  const tf = requireTfjs('@tensorflow/tfjs-core') as typeof tfTypes;
  tf.env().set('PROD', true);
  requireTfjs('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm')) || tf.getBackend() !== 'wasm') throw new Error('the wasm backend did not start');
  registerTrainingKernels(tf, 'wasm');
  return tf;
}

const kept = new InputCache<tfTypes.Tensor>();

function input(tf: typeof tfTypes, t: KernelJob['inputs'][string]): tfTypes.Tensor {
  if ('kept' in t) {
    const tensor = kept.get(t.kept);
    if (!tensor) throw new Error(`input ${t.kept} was not kept`);
    return tensor;
  }
  if (t.keep === undefined) return tf.tensor(t.data, t.shape, t.dtype);
  const tensor = tf.keep(tf.tensor(t.data, t.shape, t.dtype));
  tf.dispose(kept.add(t.keep, tensor.size, tensor));
  return tensor;
}

function run(tf: typeof tfTypes, job: KernelJob): { answer: TensorData; transfer: ArrayBuffer[] } {
  // (tidy keeps the tensor only: given the values, it would walk every element looking for tensors)
  const out = tf.tidy(() => {
    const inputs = Object.fromEntries(Object.entries(job.inputs).map(([name, t]) => [name, input(tf, t)]));
    return tf.engine().runKernel(job.kernel, inputs, job.attrs as never) as tfTypes.Tensor;
  });
  const data = out.dataSync() as Float32Array;
  const answer = { data, shape: out.shape, dtype: out.dtype as 'float32' };
  out.dispose();
  return { answer, transfer: [data.buffer as ArrayBuffer] };
}

const loaded = await loadForJobs(loadKernels);
if (loaded !== undefined) serveJobs(loaded, run);
