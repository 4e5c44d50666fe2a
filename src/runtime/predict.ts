import type * as tfTypes from '@tensorflow/tfjs';
import type { NpyArray, NpyData } from '../io/npy-read.js';
import type { TensorData } from './parallel/blocking-worker.js';
import type { Replica, SharedWeights } from './parallel/replica.js';

/**
 * The predict loop: one batch at a time from the input sources to the output sinks, so memory
 * stays flat however large the input file is. The next batch is read while the current one runs
 * (the file reads happen off the main thread). Renders nothing: progress is reported through
 * `onProgress`; the command decides how to show it.
 *
 * With replicas (other threads holding the model and its weights), a batch goes to a replica
 * that is free, else runs here; outputs are written in batch order. The batches are the same
 * whichever thread runs them, and so are their outputs, bit for bit.
 */

/** Rows of one model input, read on demand (a .npy file streamed, or an array already in memory). */
export interface BatchSource {
  /** The model input it feeds. */
  readonly input: string;
  readonly rows: number;
  /** Rows [start, end) in C order, already in the input's dtype. */
  read(start: number, end: number): Promise<NpyArray>;
}

/** Where the rows of one model output go, in order. */
export interface BatchSink {
  /** `shape` is the batch's full shape, rows first. */
  writeRows(data: NpyData, shape: readonly number[]): Promise<void>;
}

export interface PredictOptions {
  model: tfTypes.LayersModel;
  /** One per model input, in the model's input order. */
  sources: readonly BatchSource[];
  /** One per model output, in the model's output order. */
  sinks: readonly BatchSink[];
  batchSize: number;
  onProgress?(done: number, total: number): void;
  /** Replica threads that may run whole batches, and the weights they must hold. */
  replicas?: { threads: readonly Replica[]; weights: SharedWeights };
}

type BatchOutputs = { data: NpyData; shape: number[] }[];

export async function predictInBatches(tf: typeof tfTypes, options: PredictOptions): Promise<{ rows: number; batches: number; byReplicas: number }> {
  const { model, sources, sinks, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, not ${batchSize}`);
  const total = sources[0]?.rows ?? 0;
  const readBatch = (start: number) => {
    const end = Math.min(start + batchSize, total);
    const pending = Promise.all(sources.map((s) => s.read(start, end)));
    pending.catch(() => undefined); // awaited below; this only keeps a failed prefetch from being "unhandled" meanwhile
    return pending;
  };

  let batches = 0;
  let byReplicas = 0;
  const threads = options.replicas?.threads ?? [];
  // Batches in order, each run here (outputs) or by a replica (answer to come).
  const inFlight: { end: number; outputs?: BatchOutputs; replica?: Replica }[] = [];
  const writeDone = async (wait: boolean) => {
    while (inFlight.length > 0) {
      const head = inFlight[0];
      if (!head.outputs) {
        if (!wait && !head.replica!.answered) return;
        head.outputs = head.replica!.answer().predictions!.map((p) => ({ data: p.data as NpyData, shape: p.shape }));
      }
      inFlight.shift();
      for (let k = 0; k < sinks.length; k++) await sinks[k].writeRows(head.outputs[k].data, head.outputs[k].shape);
      batches++;
      options.onProgress?.(head.end, total);
    }
  };

  let next = total > 0 ? readBatch(0) : undefined;
  for (let start = 0; start < total; start += batchSize) {
    const end = Math.min(start + batchSize, total);
    const arrays = await (next as Promise<NpyArray[]>);
    next = end < total ? readBatch(end) : undefined;
    const free = threads.find((r) => r.ready);
    if (free && options.replicas) {
      // (compact copies: a batch may be a view of a larger buffer, which postMessage would copy whole)
      const inputs = arrays.map((a): TensorData => ({ data: a.data.slice() as TensorData['data'], shape: a.shape, dtype: a.dtype as TensorData['dtype'] }));
      free.post({ kind: 'predict', ...options.replicas.weights, inputs }, inputs.map((i) => i.data.buffer as ArrayBuffer));
      inFlight.push({ end, replica: free });
      byReplicas++;
    } else {
      const outputs = tf.tidy(() => {
        const xs = arrays.map((a) => tf.tensor(a.data, a.shape, a.dtype));
        const ys = model.predictOnBatch(xs.length === 1 ? xs[0] : xs);
        return (Array.isArray(ys) ? ys : [ys]).map((y) => ({ data: y.dataSync() as NpyData, shape: y.shape }));
      });
      inFlight.push({ end, outputs });
    }
    await writeDone(false);
    // Ahead of the oldest unanswered batch by no more than one batch per thread.
    if (inFlight.length > threads.length + 1) await writeDone(true);
  }
  await writeDone(true);
  return { rows: total, batches, byReplicas };
}
