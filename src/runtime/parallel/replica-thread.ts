import type * as tfTypes from '@tensorflow/tfjs';
import { analyzeSource } from '../../analyze.js';
import { loadTf, type Tf } from '../backend.js';
import { buildModel } from '../build-model.js';
import { compileModel } from '../compile.js';
import type { TensorData } from './blocking-worker.js';
import type { PredictBatchJob, ReplicaAnswer, ReplicaJob, ReplicaSetup, SharedWeights, TrainRowsJob } from './replica.js';
import { dropoutsByRow, rowStep, weightLayout, type RowWindow, type TrainFunction } from './row-step.js';
import { loadForJobs, serveJobs } from './serve-jobs.js';
import { rowsTensor, writeFlat } from './shared-rows.js';

/**
 * The replica thread (replica.ts): tfjs on wasm with layerspec's kernels, the model built from
 * the same file (for training, compiled with the same loss and metrics as the main thread's; its
 * optimizer is never used). Its weights are the main thread's, assigned whenever their version
 * changes.
 */

interface LoadedReplica {
  tf: Tf;
  model: tfTypes.LayersModel;
  /** Absent for predict. */
  training?: { trainFunction: TrainFunction; window: RowWindow };
  layout: string;
  version: number;
}

type Reply = { answer: ReplicaAnswer; transfer: ArrayBuffer[] };

async function loadReplica(setup: ReplicaSetup): Promise<LoadedReplica> {
  const { tf } = await loadTf({ backend: 'wasm' });
  const analysis = analyzeSource(setup.specText, setup.file);
  const model = buildModel(tf, analysis);
  let training: LoadedReplica['training'];
  if (setup.config) {
    compileModel(tf, setup.config, model);
    const window: RowWindow = { start: 0, batch: 0, seeds: [], next: 0 };
    dropoutsByRow(tf, model, window);
    training = { trainFunction: (model as unknown as { makeTrainFunction(): TrainFunction }).makeTrainFunction(), window };
  }
  return { tf, model, training, layout: weightLayout(model.weights), version: -1 };
}

function serve(replica: LoadedReplica, job: ReplicaJob): Reply {
  takeWeights(replica, job);
  return job.kind === 'train' ? trainRows(replica, job) : predictBatch(replica, job);
}

function takeWeights(replica: LoadedReplica, job: SharedWeights): void {
  if (job.layout !== replica.layout) throw new Error("the replica's model has other weights than the main thread's");
  if (job.version === replica.version) return;
  const { tf, model } = replica;
  const weights = new Float32Array(job.weights);
  let offset = 0;
  tf.tidy(() => {
    for (const w of model.weights) {
      // The variable itself, not LayerVariable.write: that would apply the weight's constraint again.
      const variable = w.read() as tfTypes.Variable;
      variable.assign(tf.tensor(weights.subarray(offset, offset + variable.size), variable.shape));
      offset += variable.size;
    }
  });
  replica.version = job.version;
}

function trainRows({ tf, model, training }: LoadedReplica, job: TrainRowsJob): Reply {
  if (!training) throw new Error('the replica was not set up for training');
  Object.assign(training.window, { start: job.start, batch: job.batch, seeds: job.seeds, next: 0 });
  const rows = job.rows.map((r) => (r ? rowsTensor(tf, r) : null)) as tfTypes.Tensor[];
  try {
    const { outputs, grads } = rowStep(tf, model, training.trainFunction, rows);
    writeFlat(tf, grads, new Float32Array(job.grads));
    const answer = { outputs: outputs.map((o) => o.dataSync()[0]) };
    tf.dispose([...outputs, ...grads]);
    return { answer, transfer: [] };
  } finally {
    tf.dispose(rows.filter((t) => t != null));
  }
}

function predictBatch({ tf, model }: LoadedReplica, job: PredictBatchJob): Reply {
  const ys = tf.tidy(() => {
    const xs = job.inputs.map((a) => tf.tensor(a.data, a.shape, a.dtype));
    const out = model.predictOnBatch(xs.length === 1 ? xs[0] : xs);
    return Array.isArray(out) ? out : [out];
  });
  const predictions = ys.map((y): TensorData => ({ data: y.dataSync() as TensorData['data'], shape: y.shape, dtype: y.dtype as TensorData['dtype'] }));
  tf.dispose(ys);
  return { answer: { predictions }, transfer: predictions.map((p) => p.data.buffer as ArrayBuffer) };
}

const loaded = await loadForJobs(loadReplica);
if (loaded !== undefined) serveJobs(loaded, serve);
