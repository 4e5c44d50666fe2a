import type { TrainConfig } from '../compile.js';
import { BlockingWorker, workerEntry } from './blocking-worker.js';
import type { TensorData } from './kernel-helper.js';

/**
 * A replica: a worker thread holding its own copy of the model being trained (row-split.ts). Per
 * step it takes the weights and some rows of the batch, and gives back the gradients and the loss
 * and metrics over those rows.
 */

/** What a replica builds its model from: the model file and the training config the main thread uses. */
export interface ReplicaSetup {
  specText: string | Uint8Array;
  file: string;
  config: TrainConfig;
}

export interface ReplicaJob {
  /** Every weight of the model, in model order, flat (weightLayout says where each sits). */
  weights: SharedArrayBuffer;
  layout: string;
  /** The replica writes its gradients here, trainable weights in order, flat. */
  grads: SharedArrayBuffer;
  /** Its rows of the batch: the inputs, the targets, then the sample weights (null: none), as tfjs's train function takes them. */
  rows: (TensorData | null)[];
  /** Where its rows start in the whole batch, the whole batch's rows, the step's dropout seeds. */
  start: number;
  batch: number;
  seeds: number[];
}

export interface ReplicaAnswer {
  /** Total loss, then the metrics, over its rows. */
  outputs: number[];
}

export class Replica extends BlockingWorker<ReplicaJob, ReplicaAnswer, ReplicaSetup> {
  constructor(setup: ReplicaSetup) {
    super(workerEntry('replica-thread.js', import.meta.url, '../../../dist/runtime/parallel'), setup, 'training replica thread', '--workers 1 trains on the main thread alone');
  }
}
