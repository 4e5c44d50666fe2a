import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { InputCache } from './input-cache.js';

/**
 * A helper thread that runs single tfjs kernels on its own wasm instance, called synchronously from
 * inside a kernel of the main thread (kernels are synchronous): the job goes over a MessagePort, a
 * shared Int32Array says when it is there and when its result is, and each side blocks on it with
 * Atomics.wait. Nothing about the model lives in the helper: it loads tfjs, then runs what it is
 * given (split-kernels.ts decides what and combines the parts).
 */

/** Slots of the shared Int32Array. */
export const SLOT = { STATE: 0, READY: 1 } as const;
/** STATE values. */
export const STATE = { IDLE: 0, POSTED: 1, DONE: 2, FAILED: 3, EXIT: 4 } as const;
/** READY values (set by the helper once, after loading tfjs). */
export const READY = { LOADING: 0, YES: 1, NO: -1 } as const;

export interface TensorData {
  data: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

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

export type KernelAnswer = TensorData | { error: string };

/** What the helper thread starts with (worker_threads' workerData). */
export interface HelperData {
  state: SharedArrayBuffer;
  port: MessagePort;
}

/** Past this, a helper that has not answered is taken for dead (a job is milliseconds to seconds). */
const ANSWER_TIMEOUT_MS = 10 * 60 * 1000;

export class KernelHelperError extends Error {
  constructor(message: string) {
    super(`${message} (--workers 1 runs every kernel on the main thread)`);
    this.name = 'KernelHelperError';
  }
}

export class KernelHelper {
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private pending = false;
  private closed = false;
  /** What the helper keeps (a mirror of its InputCache). */
  readonly kept = new InputCache<true>();

  constructor() {
    const channel = new MessageChannel();
    this.port = channel.port1;
    const workerData: HelperData = { state: this.state.buffer as SharedArrayBuffer, port: channel.port2 };
    this.worker = new Worker(helperEntry(), { workerData, transferList: [channel.port2] });
    // Never keeps the process alive, and a helper that failed to start only means no help.
    this.worker.unref();
    this.worker.on('error', () => Atomics.store(this.state, SLOT.READY, READY.NO));
  }

  /** Loaded, and not busy with a job. */
  get ready(): boolean {
    return !this.closed && !this.pending && Atomics.load(this.state, SLOT.READY) === READY.YES;
  }

  /** Whether it ever will be (false once its tfjs failed to load or it was closed). */
  get usable(): boolean {
    return !this.closed && Atomics.load(this.state, SLOT.READY) !== READY.NO;
  }

  /** Resolves once its tfjs is loaded (true) or failed to (false). */
  async loaded(): Promise<boolean> {
    while (!this.closed && Atomics.load(this.state, SLOT.READY) === READY.LOADING) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.usable;
  }

  /** Hands over a job; `answer()` blocks for its result. The arrays in `transfer` are moved, not copied. */
  post(job: KernelJob, transfer: ArrayBuffer[]): void {
    if (!this.ready) throw new KernelHelperError('kernel helper thread: a job posted while it is not ready');
    this.pending = true;
    this.port.postMessage(job, transfer);
    Atomics.store(this.state, SLOT.STATE, STATE.POSTED);
    Atomics.notify(this.state, SLOT.STATE);
  }

  answer(): TensorData {
    const deadline = performance.now() + ANSWER_TIMEOUT_MS;
    let state: number;
    while ((state = Atomics.load(this.state, SLOT.STATE)) === STATE.POSTED) {
      if (performance.now() > deadline) {
        this.close();
        throw new KernelHelperError('kernel helper thread stopped answering');
      }
      Atomics.wait(this.state, SLOT.STATE, STATE.POSTED, 1000);
    }
    const message = receiveMessageOnPort(this.port)?.message as KernelAnswer | undefined;
    this.pending = false;
    Atomics.store(this.state, SLOT.STATE, STATE.IDLE);
    if (state !== STATE.DONE || !message || 'error' in message) {
      this.close();
      throw new KernelHelperError(`kernel helper thread failed: ${message && 'error' in message ? message.error : 'no answer'}`);
    }
    return message;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.state, SLOT.STATE, STATE.EXIT);
    Atomics.notify(this.state, SLOT.STATE);
    this.port.close();
    void this.worker.terminate().catch(() => undefined);
  }
}

/**
 * The helper's script: next to this module both in dist/runtime/parallel and in the CLI bundle
 * (dist/bundle, where rolldown builds it as an entry of its own); from src/ (tests run the
 * sources) the built one in dist/.
 */
function helperEntry(): URL {
  const sibling = new URL('./helper-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL('../../../dist/runtime/parallel/helper-thread.js', import.meta.url);
}
