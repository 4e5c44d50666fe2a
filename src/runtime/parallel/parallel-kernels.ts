import { availableParallelism } from 'node:os';
import { loadTf, type BackendChoice, type BackendName, type LoadedTf, type Tf } from '../backend.js';
import type { KernelFunc } from '../kernels/batch-mat-mul.js';
import { KernelHelper } from './kernel-helper.js';
import { splitKernel, SPLIT_KERNELS } from './split-kernels.js';

/**
 * `--workers N`: the threads that run a predict or train job, the main thread included (default:
 * the machine's cores). tfjs's wasm backend runs one thread in Node; with N > 1 the other N - 1
 * threads are either model replicas (replica.ts: training batches split by rows, row-split.ts;
 * predict batches run whole, predict.ts) or, for a job that cannot use replicas, kernel helpers
 * that take a share of each large convolution (split-kernels.ts). Other backends run as they are.
 */

export const MAX_WORKERS = 64;

export function defaultWorkers(): number {
  return Math.min(availableParallelism(), MAX_WORKERS);
}

export interface ParallelKernels {
  /** Helper threads started (0: single-threaded). */
  readonly helpers: number;
  /** Kernel calls split so far. */
  readonly splitCalls: number;
  /** Splits the kernels when `backend` is wasm, otherwise lets the helpers go; the threads that run kernels. */
  attach(tf: Tf, backend: BackendName): number;
  /** Resolves once every helper has loaded its tfjs (or failed to); the number ready. */
  loaded(): Promise<number>;
  /** Puts the backend's own kernels back and stops the helpers. */
  close(): void;
}

export function startParallelKernels(workers: number | undefined, choice: BackendChoice): ParallelKernels {
  const count = otherThreads(workers, choice);
  const helpers: KernelHelper[] = [];
  const restore: (() => void)[] = [];
  const counter = { calls: 0 };
  return {
    helpers: count,
    get splitCalls() {
      return counter.calls;
    },
    attach(tf, backend) {
      if (backend !== 'wasm' || count === 0) return 1;
      // Started once the main thread's tfjs has loaded: loading theirs at the same time slowed the
      // main thread's on a busy machine, and a kernel runs whole until a helper is ready anyway.
      for (let k = 0; k < count; k++) helpers.push(new KernelHelper());
      for (const kernelName of Object.keys(SPLIT_KERNELS)) {
        const own = tf.getKernel(kernelName, 'wasm');
        if (!own) continue;
        tf.unregisterKernel(kernelName, 'wasm');
        tf.registerKernel({ ...own, kernelFunc: splitKernel(tf, kernelName, own.kernelFunc as unknown as KernelFunc, helpers, counter) as never });
        restore.push(() => {
          tf.unregisterKernel(kernelName, 'wasm');
          tf.registerKernel(own);
        });
      }
      return count + 1;
    },
    async loaded() {
      return (await Promise.all(helpers.map((h) => h.loaded()))).filter(Boolean).length;
    },
    close() {
      restore.splice(0).forEach((put) => put());
      helpers.forEach((h) => h.close());
    },
  };
}

/** Replica threads a job started (row-split.ts for train, ReplicaPool for predict). */
export interface Replicas {
  readonly count: number;
  close(): void;
}

/** The threads a job has besides the main one: `workers` (default: the cores) less one, on wasm only. */
export function otherThreads(workers: number | undefined, backend: BackendChoice): number {
  return backend === 'auto' || backend === 'wasm' ? Math.max(1, Math.min(workers ?? defaultWorkers(), MAX_WORKERS)) - 1 : 0;
}

/**
 * A predict or train job's TensorFlow.js: loaded on the job's backend with `job.workers` threads
 * (both logged), for `run`; the threads stop when it ends. With `replicas` (already started, as
 * early as the job could: each loads a whole model) the other threads hold copies of the model and
 * `run` gets them; otherwise they are kernel helpers that take parts of the large kernels. Both
 * only on wasm: on another backend the replicas are closed and `run` gets none.
 */
export async function withJobTf<T, R extends Replicas>(
  job: { workers?: number; backend: BackendChoice; log(line: string): void; replicas?: R },
  run: (loaded: LoadedTf, replicas: R | undefined) => Promise<T>,
): Promise<T> {
  const { replicas } = job;
  const parallel = startParallelKernels(replicas ? 1 : job.workers, job.backend);
  try {
    const loaded = await loadTf({ backend: job.backend });
    const used = replicas && loaded.backend === 'wasm' ? replicas : undefined;
    if (replicas && !used) replicas.close();
    if (used) job.log(`${used.count + 1} threads, each with its own copy of the model`);
    else job.log(`kernels on ${parallel.attach(loaded.tf, loaded.backend)} thread(s)`);
    const { backend, skipped, loadMs } = loaded;
    job.log(`backend: ${backend} (TensorFlow.js loaded in ${Math.round(loadMs)} ms)${skipped.length ? `; skipped: ${skipped.join('; ')}` : ''}`);
    return await run(loaded, used);
  } finally {
    parallel.close();
    replicas?.close();
  }
}
