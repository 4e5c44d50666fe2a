import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * A worker thread called synchronously from the main thread (from inside a tfjs kernel or a
 * training step, both synchronous): the job goes over a MessagePort, a shared Int32Array says when
 * it is there and when its answer is, and each side blocks on it with Atomics.wait. The worker's
 * side of the protocol is serve-jobs.ts.
 */

/** Slots of the shared Int32Array. */
export const SLOT = { STATE: 0, READY: 1 } as const;
/** STATE values. */
export const STATE = { IDLE: 0, POSTED: 1, DONE: 2, FAILED: 3, EXIT: 4 } as const;
/** READY values (set by the worker after loading, and again if it dies after that). */
export const READY = { LOADING: 0, YES: 1, NO: -1, DIED: -2 } as const;

/** What the worker thread starts with (worker_threads' workerData). */
export interface BlockingWorkerData<Setup = undefined> {
  state: SharedArrayBuffer;
  port: MessagePort;
  setup: Setup;
}

/** A tensor's values as they cross between threads. */
export interface TensorData {
  data: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

/** A job's answer, or why there is none. */
export type Answer<A> = A | { error: string };

/** Past this, a worker that has not answered is taken for dead (a job is milliseconds to seconds). */
const ANSWER_TIMEOUT_MS = 10 * 60 * 1000;
/** Past this, a worker still loading is given up (loading takes well under a second). */
const LOAD_TIMEOUT_MS = 60 * 1000;

/** A worker that failed, died or stopped answering; `hint` says how to run without it. */
export class BlockingWorkerError extends Error {
  constructor(message: string, hint: string) {
    super(`${message} (${hint})`);
    this.name = 'BlockingWorkerError';
  }
}

export class BlockingWorker<Job, A extends object, Setup = undefined> {
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private pending = false;
  private readonly startedAt = performance.now();
  private loadTimedOut = false;
  private closed = false;

  /** `what` names the worker in errors; `hint` says how to do without it. */
  constructor(entry: URL, setup: Setup, private readonly what: string, private readonly hint: string) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    const workerData: BlockingWorkerData<Setup> = { state: this.state.buffer as SharedArrayBuffer, port: channel.port2, setup };
    this.worker = new Worker(entry, { workerData, transferList: [channel.port2] });
    // Never keeps the process alive, and a worker that failed to start only means no help.
    this.worker.unref();
    // (a worker that errs after loading has said so itself: READY.DIED)
    this.worker.on('error', () => Atomics.compareExchange(this.state, SLOT.READY, READY.LOADING, READY.NO));
  }

  /** Loaded, and not busy with a job. */
  get ready(): boolean {
    return !this.closed && !this.pending && Atomics.load(this.state, SLOT.READY) === READY.YES;
  }

  /** A job was posted and its answer is there (answer() will not block). */
  get answered(): boolean {
    return this.pending && Atomics.load(this.state, SLOT.STATE) !== STATE.POSTED;
  }

  /** Whether it ever will be (false once it failed to load or was closed). */
  get usable(): boolean {
    const ready = Atomics.load(this.state, SLOT.READY);
    return !this.closed && (ready === READY.LOADING || ready === READY.YES);
  }

  /** It never loaded: its load failed, or took longer than LOAD_TIMEOUT_MS (it is then closed). */
  get failedToLoad(): boolean {
    return this.loadTimedOut || Atomics.load(this.state, SLOT.READY) === READY.NO;
  }

  /** Resolves once it has loaded (true) or failed to (false). */
  async loaded(): Promise<boolean> {
    while (!this.closed && Atomics.load(this.state, SLOT.READY) === READY.LOADING) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.usable;
  }

  /**
   * Hands over a job, also while the worker is still loading (it runs once it has loaded);
   * `answer()` blocks for its result. The arrays in `transfer` are moved, not copied.
   */
  post(job: Job, transfer: ArrayBuffer[]): void {
    if (!this.usable || this.pending) throw new BlockingWorkerError(`${this.what}: a job posted while it cannot take one`, this.hint);
    this.pending = true;
    this.port.postMessage(job, transfer);
    Atomics.store(this.state, SLOT.STATE, STATE.POSTED);
    Atomics.notify(this.state, SLOT.STATE);
  }

  answer(): A {
    const deadline = performance.now() + ANSWER_TIMEOUT_MS;
    let state: number;
    while ((state = Atomics.load(this.state, SLOT.STATE)) === STATE.POSTED) {
      // (a job posted while the worker loads waits for the load: at most LOAD_TIMEOUT_MS of it)
      const loading = Atomics.load(this.state, SLOT.READY) === READY.LOADING;
      if (performance.now() > deadline || (loading && performance.now() > this.startedAt + LOAD_TIMEOUT_MS)) {
        this.loadTimedOut = loading;
        this.close();
        throw new BlockingWorkerError(`${this.what} ${loading ? 'did not load' : 'stopped answering'}`, this.hint);
      }
      Atomics.wait(this.state, SLOT.STATE, STATE.POSTED, 1000);
    }
    const message = receiveMessageOnPort(this.port)?.message as Answer<A> | undefined;
    this.pending = false;
    Atomics.store(this.state, SLOT.STATE, STATE.IDLE);
    if (state !== STATE.DONE || !message || 'error' in message) {
      this.close();
      throw new BlockingWorkerError(`${this.what} failed: ${message && 'error' in message ? message.error : 'no answer'}`, this.hint);
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
 * A worker's script, `name` (e.g. 'helper-thread.js'): next to the calling module both in
 * dist/runtime/parallel and in the CLI bundle (dist/bundle, where rolldown builds it as an entry
 * of its own); from src/ (tests run the sources) the built one in dist/ (`builtDir`, relative to
 * the caller).
 */
export function workerEntry(name: string, caller: string, builtDir: string): URL {
  const sibling = new URL(`./${name}`, caller);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL(`${builtDir}/${name}`, caller);
}
