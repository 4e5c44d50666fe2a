import type { Analysis } from '../analyze.js';
import type { Registry } from '../layers/registry.js';
import { loadTf, type BackendChoice, type BackendName } from './backend.js';
import { buildModel } from './build-model.js';
import { compileModel, type TrainConfig } from './compile.js';
import { evaluateModel } from './evaluate.js';
import type { Logs } from './train-events.js';
import { loadTrainingData, type BoundData } from './train-data.js';
import { assignWeights } from './weights-assign.js';
import { modelWeightBytes, readWeights, type WeightsLocation } from './weights-source.js';

/** The tensor half of `evaluate`: saved weights, the YAML's loss and metrics, on given data. */
export interface EvaluateJob {
  analysis: Analysis;
  registry: Registry;
  x: BoundData;
  y: BoundData;
  weights: WeightsLocation;
  config: TrainConfig;
  batchSize: number;
  backend: BackendChoice;
  log(line: string): void;
}

export async function runEvaluateJob(job: EvaluateJob): Promise<{ logs: Logs; samples: number; backend: BackendName }> {
  const weights = await readWeights(job.weights, modelWeightBytes(job.analysis));
  const { tf, backend, loadMs } = await loadTf({ backend: job.backend });
  job.log(`backend: ${backend} (TensorFlow.js loaded in ${Math.round(loadMs)} ms)`);
  const model = buildModel(tf, job.analysis, job.registry);
  try {
    assignWeights(tf, model, weights, job.weights.shown, { modelFile: job.analysis.file });
    const compiled = compileModel(tf, job.config, model);
    const data = await loadTrainingData(tf, { x: job.x, y: job.y });
    try {
      const logs = await evaluateModel(tf, model, compiled, data.x, data.y, job.batchSize);
      return { logs, samples: data.x[0].shape[0], backend };
    } finally {
      tf.dispose([...data.x, ...data.y]);
    }
  } finally {
    // The model owns no optimizer it was given as an object: its slots are freed here.
    model.optimizer?.dispose();
    model.dispose();
  }
}
