import type * as tfTypes from '@tensorflow/tfjs';
import type { NpyArray, NpyData } from '../io/npy-read.js';

/**
 * The predict loop: one batch at a time from the input sources to the output sinks, so memory
 * stays flat however large the input file is. The next batch is read while the current one runs
 * (the file reads happen off the main thread). Renders nothing: progress is reported through
 * `onProgress`; the command decides how to show it.
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
}

export async function predictInBatches(tf: typeof tfTypes, options: PredictOptions): Promise<{ rows: number; batches: number }> {
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
  let next = total > 0 ? readBatch(0) : undefined;
  for (let start = 0; start < total; start += batchSize) {
    const arrays = await (next as Promise<NpyArray[]>);
    next = start + batchSize < total ? readBatch(start + batchSize) : undefined;
    const outputs = tf.tidy(() => {
      const xs = arrays.map((a) => tf.tensor(a.data, a.shape, a.dtype));
      const ys = model.predictOnBatch(xs.length === 1 ? xs[0] : xs);
      return (Array.isArray(ys) ? ys : [ys]).map((y) => ({ data: y.dataSync() as NpyData, shape: y.shape }));
    });
    for (let k = 0; k < sinks.length; k++) await sinks[k].writeRows(outputs[k].data, outputs[k].shape);
    batches++;
    options.onProgress?.(Math.min(start + batchSize, total), total);
  }
  return { rows: total, batches };
}
