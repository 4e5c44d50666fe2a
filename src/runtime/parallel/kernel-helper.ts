import { BlockingWorker, workerEntry, type TensorData } from './blocking-worker.js';
import { InputCache } from './input-cache.js';

/**
 * A helper thread that runs single tfjs kernels on its own wasm instance, called synchronously from
 * inside a kernel of the main thread (blocking-worker.ts). Nothing about the model lives in the
 * helper: it loads tfjs, then runs what it is given (split-kernels.ts decides what and combines
 * the parts).
 */

/** An input sent before and kept by the helper (input-cache.ts). */
export interface KeptInput {
  kept: number;
}

export interface KernelJob {
  kernel: string;
  /** `keep`: the helper keeps that input under this number for later jobs. */
  inputs: Record<string, (TensorData & { keep?: number }) | KeptInput>;
  attrs: Record<string, unknown>;
}

/**
 * The helper: a BlockingWorker that runs the kernels it is given, and keeps some inputs between
 * jobs. The arrays of a posted job are moved, not copied.
 */
export class KernelHelper extends BlockingWorker<KernelJob, TensorData> {
  /** What the helper keeps (a mirror of its InputCache). */
  readonly kept = new InputCache<true>();

  constructor() {
    super(workerEntry('helper-thread.js', import.meta.url, '../../../dist/runtime/parallel'), undefined, 'kernel helper thread', '--workers 1 runs every kernel on the main thread');
  }
}
