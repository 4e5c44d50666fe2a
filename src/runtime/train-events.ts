/**
 * What `train` (and `evaluate`) report while they run, as data. The runtime emits these; the
 * command chooses how to show them (ink on a terminal, one plain line per epoch in a CI log, one
 * JSON object per epoch with --json). Epochs and steps are 1-based, as Keras prints them.
 */

/** Loss and metrics by their Keras names: `loss`, `accuracy`, `val_loss`, `val_accuracy`, ... */
export type Logs = Readonly<Record<string, number>>;

export interface TrainStart {
  kind: 'start';
  /** The last epoch that will run (Keras's `epochs`). */
  epochs: number;
  /** The first epoch that runs now (> 1 when resuming). */
  firstEpoch: number;
  samples: number;
  validationSamples: number;
  batchSize: number;
  stepsPerEpoch: number;
  backend: string;
  /** The names the epoch logs will have, in display order: loss first, then metrics, then val_*. */
  metrics: readonly string[];
}

export interface TrainBatch {
  kind: 'batch';
  epoch: number;
  /** Batches done in this epoch. */
  step: number;
  stepsPerEpoch: number;
  /** Samples done in this epoch. */
  samplesDone: number;
  /** Running means over the epoch so far (training values only). */
  logs: Logs;
  /** Time since the epoch started. */
  elapsedMs: number;
}

export interface TrainEpoch {
  kind: 'epoch';
  epoch: number;
  epochs: number;
  /** The epoch's final values, validation included. */
  logs: Logs;
  elapsedMs: number;
  samplesPerSecond: number;
  /** The checkpoint directory written at the end of this epoch. */
  checkpoint: string;
  /** With early stopping: this epoch is the best so far on the monitored value. */
  best?: boolean;
}

export interface TrainStop {
  kind: 'stop';
  reason: 'completed' | 'early-stopping' | 'nan' | 'interrupted';
  /** The last complete epoch (0 if none). */
  epoch: number;
  /** Why, in words, for 'early-stopping', 'nan' and 'interrupted'. */
  message?: string;
}

export type TrainEvent = TrainStart | TrainBatch | TrainEpoch | TrainStop;
