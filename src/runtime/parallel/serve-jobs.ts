import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { READY, SLOT, STATE, type Answer, type BlockingWorkerData } from './blocking-worker.js';

/**
 * The worker's side of blocking-worker.ts, in two calls from the worker script's body:
 *
 *   const loaded = await loadForJobs(load);   // says ready, or not (when load throws)
 *   if (loaded !== undefined) serveJobs(loaded, handle);
 *
 * Each job is answered by `handle` until the main thread says exit. The thread blocks on the
 * shared state between jobs: its event loop never runs again after loading, which is why jobs are
 * read with receiveMessageOnPort. serveJobs must not run in an async function after an await:
 * there, as in a module's body after a top-level await, every job ran 2.5x slower (19 ms instead
 * of 7.5 for half the reference CNN's second convolution).
 */
const { state: buffer, port, setup } = workerData as BlockingWorkerData<unknown>;
const state = new Int32Array(buffer);

// A worker that dies some other way still answers: the main thread may be blocked waiting for it
// (and cannot see this thread's 'error' or 'exit' events meanwhile), also for a job it posted while
// this thread was loading. Set up as this module is evaluated, before the worker script's own
// imports have all run.
const dying = () => {
  // Died after loading, or failed to load: the main thread tells the two apart.
  Atomics.store(state, SLOT.READY, Atomics.load(state, SLOT.READY) === READY.YES ? READY.DIED : READY.NO);
  if (Atomics.compareExchange(state, SLOT.STATE, STATE.POSTED, STATE.FAILED) === STATE.POSTED) Atomics.notify(state, SLOT.STATE);
};
process.on('exit', dying);
process.on('uncaughtException', () => {
  dying();
  process.exit(1);
});

export async function loadForJobs<Setup, Loaded>(load: (setup: Setup) => Promise<Loaded>): Promise<Loaded | undefined> {
  let loaded: Loaded | undefined;
  try {
    loaded = await load(setup as Setup);
  } catch {
    loaded = undefined;
  }
  Atomics.store(state, SLOT.READY, loaded === undefined ? READY.NO : READY.YES);
  Atomics.notify(state, SLOT.READY);
  if (loaded === undefined) {
    // A job posted while it loaded is failed, not left waiting.
    if (Atomics.compareExchange(state, SLOT.STATE, STATE.POSTED, STATE.FAILED) === STATE.POSTED) Atomics.notify(state, SLOT.STATE);
    port.close();
  }
  return loaded;
}

export function serveJobs<Job, A extends object, Loaded>(loaded: Loaded, handle: (loaded: Loaded, job: Job) => { answer: A; transfer: ArrayBuffer[] }): void {
  /** The next job; postMessage queued it before POSTED was stored, the loop only guards against a port that has not delivered it yet. */
  const receiveJob = (): Job => {
    let received = receiveMessageOnPort(port);
    while (!received) {
      Atomics.wait(state, SLOT.STATE, STATE.POSTED, 1);
      received = receiveMessageOnPort(port);
    }
    return received.message as Job;
  };

  for (;;) {
    let now: number;
    while ((now = Atomics.load(state, SLOT.STATE)) !== STATE.POSTED && now !== STATE.EXIT) Atomics.wait(state, SLOT.STATE, now);
    if (now === STATE.EXIT) break;
    let reply: { answer: Answer<A>; transfer: ArrayBuffer[] };
    try {
      reply = handle(loaded, receiveJob());
    } catch (error) {
      reply = { answer: { error: error instanceof Error ? error.message : String(error) }, transfer: [] };
    }
    port.postMessage(reply.answer, reply.transfer);
    Atomics.store(state, SLOT.STATE, 'error' in reply.answer ? STATE.FAILED : STATE.DONE);
    Atomics.notify(state, SLOT.STATE);
  }
  port.close();
}
