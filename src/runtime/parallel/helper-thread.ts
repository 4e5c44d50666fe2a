import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type * as tfTypes from '@tensorflow/tfjs';
import { requireTfjs } from '../backend.js';
import { registerTrainingKernels } from '../kernels/index.js';
import { InputCache } from './input-cache.js';
import { READY, SLOT, STATE, type HelperData, type KernelAnswer, type KernelJob } from './kernel-helper.js';

/**
 * tfjs-core and the wasm backend alone (the helper runs kernels, never a model): half of what the
 * main thread loads, which it loads at the same time on a 2-core machine; and layerspec's kernels,
 * which the main thread may hand over too (MaxPoolGrad).
 */
async function loadKernels(): Promise<typeof tfTypes> {
  const tf = requireTfjs('@tensorflow/tfjs-core') as typeof tfTypes;
  tf.env().set('PROD', true);
  requireTfjs('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm')) || tf.getBackend() !== 'wasm') throw new Error('the wasm backend did not start');
  registerTrainingKernels(tf, 'wasm');
  return tf;
}

/**
 * The helper thread (kernel-helper.ts): loads tfjs on wasm, says it is ready, then runs one
 * kernel per job until told to exit. Blocks on the shared state between jobs: its event loop
 * never runs again after loading, which is why the jobs are read with receiveMessageOnPort.
 */
const { state: buffer, port } = workerData as HelperData;
const state = new Int32Array(buffer);
// A helper that dies some other way still answers: the main thread is blocked waiting for it
// (and cannot see this thread's 'error' or 'exit' events meanwhile).
function dying(): void {
  Atomics.store(state, SLOT.READY, READY.NO);
  if (Atomics.compareExchange(state, SLOT.STATE, STATE.POSTED, STATE.FAILED) === STATE.POSTED) Atomics.notify(state, SLOT.STATE);
}
process.on('exit', dying);
process.on('uncaughtException', () => {
  dying();
  process.exit(1);
});

/** The next job; postMessage queued it before POSTED was stored, the loop only guards against a port that has not delivered it yet. */
function receiveJob(): KernelJob {
  let received = receiveMessageOnPort(port);
  while (!received) {
    Atomics.wait(state, SLOT.STATE, STATE.POSTED, 1);
    received = receiveMessageOnPort(port);
  }
  return received.message as KernelJob;
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

function run(tf: typeof tfTypes, job: KernelJob): KernelAnswer {
  // (tidy keeps the tensor only: given the values, it would walk every element looking for tensors)
  const out = tf.tidy(() => {
    const inputs = Object.fromEntries(Object.entries(job.inputs).map(([name, t]) => [name, input(tf, t)]));
    return tf.engine().runKernel(job.kernel, inputs, job.attrs as never) as tfTypes.Tensor;
  });
  const answer = { data: out.dataSync() as Float32Array, shape: out.shape, dtype: out.dtype as 'float32' };
  out.dispose();
  return answer;
}

const tf = await loadKernels().catch(() => undefined);
Atomics.store(state, SLOT.READY, tf ? READY.YES : READY.NO);
Atomics.notify(state, SLOT.READY);

/**
 * Runs jobs until told to exit. A function of its own, not a loop in the module's body: there
 * (after the top-level await) a call was 2.5x slower — 19 ms instead of 7.5 for half the reference
 * CNN's second convolution — which made every split call slower than the whole one.
 */
function serve(tf: typeof tfTypes): void {
  for (;;) {
    let now: number;
    while ((now = Atomics.load(state, SLOT.STATE)) !== STATE.POSTED && now !== STATE.EXIT) Atomics.wait(state, SLOT.STATE, now);
    if (now === STATE.EXIT) return;
    let answer: KernelAnswer;
    try {
      answer = run(tf, receiveJob());
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer, 'data' in answer ? [answer.data.buffer as ArrayBuffer] : []);
    Atomics.store(state, SLOT.STATE, 'data' in answer ? STATE.DONE : STATE.FAILED);
    Atomics.notify(state, SLOT.STATE);
  }
}

if (tf) serve(tf);
port.close();
