import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../backend.js';
import type { TrainConfig } from '../compile.js';
import { BlockingWorker, workerEntry } from './blocking-worker.js';
import type { TensorData } from './blocking-worker.js';
import { weightLayout } from './row-step.js';
import { writeFlat, type SharedRowsData } from './shared-rows.js';

/**
 * A replica: a worker thread holding its own copy of the model. In training (row-split.ts) each
 * step brings the weights and some rows of the batch, and takes back the gradients and the loss
 * and metrics over those rows; in predict (predict.ts) each job is a whole batch to run forward,
 * with the weights brought once.
 */

/** What a replica builds its model from: the model file, and for training the config the main thread uses. */
export interface ReplicaSetup {
  specText: string | Uint8Array;
  file: string;
  /** Training's config (loss, metrics); absent for predict. */
  config?: TrainConfig;
}

/** The main thread's weights: every weight of the model, in model order, flat (weightLayout says where each sits). */
export interface SharedWeights {
  weights: SharedArrayBuffer;
  layout: string;
  /** Bumped by the main thread whenever the values change; a replica assigns them only then. */
  version: number;
}

export interface TrainRowsJob extends SharedWeights {
  kind: 'train';
  /** The replica writes its gradients here, trainable weights in order, flat. */
  grads: SharedArrayBuffer;
  /** Its rows of the batch: the inputs, the targets, then the sample weights (null: none), as tfjs's train function takes them. */
  rows: (SharedRowsData | null)[];
  /** Where its rows start in the whole batch, the whole batch's rows, the step's dropout seeds. */
  start: number;
  batch: number;
  seeds: number[];
}

export interface PredictBatchJob extends SharedWeights {
  kind: 'predict';
  /** One batch of each model input. */
  inputs: TensorData[];
}

export type ReplicaJob = TrainRowsJob | PredictBatchJob;

export interface ReplicaAnswer {
  /** Training: total loss, then the metrics, over its rows. */
  outputs?: number[];
  /** Predict: the model's outputs for the batch. */
  predictions?: TensorData[];
}

export class Replica extends BlockingWorker<ReplicaJob, ReplicaAnswer, ReplicaSetup> {
  constructor(setup: ReplicaSetup) {
    super(workerEntry('replica-thread.js', import.meta.url, '../../../dist/runtime/parallel'), setup, 'replica thread', '--workers 1 runs the job on the main thread alone');
  }
}

/** Replica threads started together (for predict, each runs whole batches, whichever is free: predict.ts; for training, row-split.ts). */
export class ReplicaPool {
  readonly threads: readonly Replica[];

  constructor(count: number, setup: ReplicaSetup) {
    this.threads = Array.from({ length: count }, () => new Replica(setup));
  }

  get count(): number {
    return this.threads.length;
  }

  close(): void {
    this.threads.forEach((r) => r.close());
  }
}

/**
 * The main thread's weights for replicas, allocated once: `write` copies the current values of
 * `weights` (model.weights) into `shared` and bumps its version; a job carries `shared` as it is.
 */
export function sharedWeights(tf: Tf, weights: readonly tfTypes.LayerVariable[]): { shared: SharedWeights; write(): void } {
  const shared: SharedWeights = {
    weights: new SharedArrayBuffer(4 * weights.reduce((n, w) => n + w.read().size, 0)),
    layout: weightLayout(weights),
    version: 0,
  };
  const flat = new Float32Array(shared.weights);
  return {
    shared,
    write() {
      writeFlat(tf, weights.map((w) => w.read()), flat);
      shared.version++;
    },
  };
}
