import { availableParallelism } from 'node:os';
import { loadTf, type BackendChoice, type BackendName, type LoadedTf, type Tf } from '../backend.js';
import type { KernelFunc } from '../kernels/batch-mat-mul.js';
import { KernelHelper } from './kernel-helper.js';
import type { RowSplit } from './row-split.js';
import { splitKernel, SPLIT_KERNELS } from './split-kernels.js';

/**
 * `--workers N`: the threads that run a predict or train job's kernels, the main thread included
 * (default: the machine's cores). tfjs's wasm backend runs one thread in Node; with N > 1 the
 * convolutions are split across N - 1 helper threads and the main thread (split-kernels.ts).
 * Other backends run as they are.
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

/** The threads of a job besides the main one: kernel helpers, or training replicas (row-split.ts). */
export interface JobThreads {
  /** Set when training batches are split by rows: install it on the compiled model. */
  rowSplit?: RowSplit;
}

/** The threads a job has besides the main one: `workers` (default: the cores) less one, on wasm only. */
export function otherThreads(workers: number | undefined, backend: BackendChoice): number {
  return backend === 'auto' || backend === 'wasm' ? Math.max(1, Math.min(workers ?? defaultWorkers(), MAX_WORKERS)) - 1 : 0;
}

/**
 * A predict or train job's TensorFlow.js: loaded on the job's backend with `job.workers` threads
 * (both logged), for `run`; the threads stop when it ends. With `rowSplit` (a train job whose
 * model allows it, its replicas already started: train.ts) the other threads are model replicas
 * that take rows of every batch; otherwise they are kernel helpers that take parts of the large
 * kernels. Both only on wasm.
 */
export async function withJobTf<T>(
  job: { workers?: number; backend: BackendChoice; log(line: string): void; rowSplit?: RowSplit },
  run: (loaded: LoadedTf, threads: JobThreads) => Promise<T>,
): Promise<T> {
  const { rowSplit } = job;
  const parallel = startParallelKernels(rowSplit ? 1 : job.workers, job.backend);
  try {
    const loaded = await loadTf({ backend: job.backend });
    const split = rowSplit && loaded.backend === 'wasm' ? rowSplit : undefined;
    if (rowSplit && !split) rowSplit.close();
    if (split) job.log(`training batches split by rows across ${split.replicas + 1} threads`);
    else job.log(`kernels on ${parallel.attach(loaded.tf, loaded.backend)} thread(s)`);
    const { backend, skipped, loadMs } = loaded;
    job.log(`backend: ${backend} (TensorFlow.js loaded in ${Math.round(loadMs)} ms)${skipped.length ? `; skipped: ${skipped.join('; ')}` : ''}`);
    return await run(loaded, split ? { rowSplit: split } : {});
  } finally {
    parallel.close();
    rowSplit?.close();
  }
}
