import type * as tfTypes from '@tensorflow/tfjs';
import { analyzeSource } from '../../analyze.js';
import { loadTf, type Tf } from '../backend.js';
import { buildModel } from '../build-model.js';
import { compileOptions } from '../compile.js';
import type { ReplicaAnswer, ReplicaJob, ReplicaSetup } from './replica.js';
import { dropoutsByRow, rowStep, weightLayout, type RowWindow, type TrainFunction } from './row-step.js';
import { loadForJobs, serveJobs } from './serve-jobs.js';

/**
 * The replica thread (replica.ts): tfjs on wasm with layerspec's kernels, the model built from
 * the same file and compiled with the same loss and metrics as the main thread's. Its weights
 * are whatever each job brings; its optimizer is never used.
 */

interface LoadedReplica {
  tf: Tf;
  model: tfTypes.LayersModel;
  trainFunction: TrainFunction;
  window: RowWindow;
  layout: string;
}

async function loadReplica(setup: ReplicaSetup): Promise<LoadedReplica> {
  const { tf } = await loadTf({ backend: 'wasm' });
  const analysis = analyzeSource(setup.specText, setup.file);
  const model = buildModel(tf, analysis);
  const compiled = compileOptions(tf, setup.config, model);
  model.compile({ optimizer: compiled.optimizer, loss: compiled.loss, metrics: compiled.metrics });
  const window: RowWindow = { start: 0, batch: 0, seeds: [], next: 0 };
  dropoutsByRow(tf, model, window);
  const trainFunction = (model as unknown as { makeTrainFunction(): TrainFunction }).makeTrainFunction();
  return { tf, model, trainFunction, window, layout: weightLayout(model.weights) };
}

function step({ tf, model, trainFunction, window, layout }: LoadedReplica, job: ReplicaJob): { answer: ReplicaAnswer; transfer: ArrayBuffer[] } {
  if (job.layout !== layout) throw new Error("the replica's model has other weights than the main thread's");
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
  Object.assign(window, { start: job.start, batch: job.batch, seeds: job.seeds, next: 0 });
  const rows = job.rows.map((r) => (r ? tf.tensor(r.data, r.shape, r.dtype) : null)) as tfTypes.Tensor[];
  try {
    const { outputs, grads } = rowStep(tf, model, trainFunction, rows);
    const out = new Float32Array(job.grads);
    let at = 0;
    for (const g of grads) {
      out.set(g.dataSync() as Float32Array, at);
      at += g.size;
    }
    const answer = { outputs: outputs.map((o) => o.dataSync()[0]) };
    tf.dispose([...outputs, ...grads]);
    return { answer, transfer: [] };
  } finally {
    tf.dispose(rows.filter((t) => t != null));
  }
}

const loaded = await loadForJobs(loadReplica);
if (loaded !== undefined) serveJobs(loaded, step);
