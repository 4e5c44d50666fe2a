import type * as tfTypes from '@tensorflow/tfjs';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/npy-write.js';
import type { Analysis } from '../analyze.js';
import type { Registry } from '../layers/registry.js';
import type { BackendChoice, LoadedTf } from './backend.js';
import { buildModel } from './build-model.js';
import { BEST_WEIGHTS_BIN, readCheckpoint, writeCheckpoint, type History } from './checkpoint.js';
import { compileModel, type TrainConfig } from './compile.js';
import { epochSeeding, withSeed } from './seed.js';
import type { Logs, TrainEvent } from './train-events.js';
import { loadTrainingData, type TrainingData } from './train-data.js';
import { assignWeights } from './weights-assign.js';
import { prepareWeightsDir, readWeightsDir } from './weights-dir.js';
import { EarlyStopping } from './early-stopping.js';
import { otherThreads, withJobTf } from './parallel/parallel-kernels.js';
import { startRowSplit, type RowSplit } from './parallel/row-split.js';
import { rowSplitBlocker } from './parallel/rowwise.js';
import { curvesWriter } from './curves-file.js';

/**
 * The tensor half of `train`: model built (seeded) and compiled from the YAML's `train:` section
 * (flags applied by the command), resumed from the out directory's checkpoint if asked, fitted
 * with a checkpoint written at the end of every epoch. Emits TrainEvents; renders nothing.
 *
 * Keras behaviours tfjs lacks, added here: weight constraints applied after every batch (tfjs
 * applies them only when weights are written), a NaN loss stops training at once and keeps the
 * last good checkpoint, early stopping with restore_best_weights, an interrupt (SIGINT) stops
 * after the current batch keeping the last complete epoch.
 */

/** The copy of the model file in the out directory. */
export const SPEC_COPY = 'model.yaml';

export interface TrainJob {
  analysis: Analysis;
  registry: Registry;
  data: TrainingData;
  /** Absolute path of the out directory. */
  out: string;
  /** The model file's text, copied into the out directory as model.yaml. */
  specText: string | Uint8Array;
  config: TrainConfig;
  resume: boolean;
  backend: BackendChoice;
  /** Threads running the job, this one included (src/runtime/parallel; default: the cores). */
  workers?: number;
  /** The replicas from startTrainReplicas, started early by the caller; undefined: started here. */
  replicas?: RowSplit | null;
  seed?: number;
  onEvent(event: TrainEvent): void;
  log(line: string): void;
  /** Problems that do not stop training but must be seen (curves.svg not written); default: log. */
  warn?(line: string): void;
  /** Set by the command on SIGINT; checked after every batch. */
  interrupt: { requested: boolean };
}

export interface TrainResult {
  epochs: number;
  history: History;
  stop: Extract<TrainEvent, { kind: 'stop' }>;
}

export async function runTrainJob(job: TrainJob): Promise<TrainResult> {
  await prepareWeightsDir(job.out);
  const resumed = job.resume ? await readCheckpoint(job.out) : undefined;
  await copySpec(job);
  if (job.resume && !resumed) job.log(`no checkpoint in ${job.out} yet: training from the start`);
  const rowSplit = job.replicas === undefined ? startTrainReplicas(job) : job.replicas;
  return withJobTf({ ...job, replicas: rowSplit ?? undefined }, (loaded, split) => trainWith(job, loaded, split, resumed));
}

/**
 * The replica threads that split a train job's batches by rows (src/runtime/parallel/row-split.ts),
 * when there are other threads and the model allows it (says why not otherwise). Each loads tfjs
 * and the model, which takes longer than the main thread's own loading: a caller starts them as
 * early as it can, before reading the data, and passes them in the TrainJob (null: none).
 */
export function startTrainReplicas(job: Pick<TrainJob, 'analysis' | 'specText' | 'config' | 'workers' | 'backend' | 'log'>): RowSplit | null {
  const others = otherThreads(job.workers, job.backend);
  if (others === 0) return null;
  const blocker = rowSplitBlocker(job.analysis.spec!, job.config);
  if (blocker) {
    job.log(`batches are not split by rows across threads: ${blocker}`);
    return null;
  }
  return startRowSplit(others, { specText: job.specText, file: job.analysis.file, config: job.config });
}

async function trainWith(job: TrainJob, { tf, backend }: LoadedTf, rowSplit: RowSplit | undefined, resumed: Awaited<ReturnType<typeof readCheckpoint>>): Promise<TrainResult> {
  const model = withSeed(job.seed, () => buildModel(tf, job.analysis, job.registry));
  const compiled = compileModel(tf, job.config, model);
  if (rowSplit) {
    rowSplit.install(tf, model, { log: job.log });
    job.log(`each batch split by rows across ${rowSplit.count + 1} threads`);
  }
  const tensors = await loadTrainingData(tf, job.data);
  try {
    let history: History = {};
    let firstEpoch = 1;
    const early = job.config.early_stopping ? new EarlyStopping(job.config.early_stopping) : undefined;
    if (resumed) {
      const { verified } = resumed;
      const current = await readWeightsDir(job.out, { verified });
      const earlyState = resumed.state.earlyStopping;
      if (early && earlyState) {
        early.restore(earlyState);
        // The best epoch's weights, kept in memory as remember() would have kept them.
        if (earlyState.bestWeightsSha256 && job.config.early_stopping?.restore_best_weights) {
          assignWeights(tf, model, await readWeightsDir(job.out, { bin: BEST_WEIGHTS_BIN, verified }), join(job.out, BEST_WEIGHTS_BIN), { modelFile: job.analysis.file });
          early.remember(model);
        }
      }
      assignWeights(tf, model, current, job.out, { modelFile: job.analysis.file });
      await resumed.restoreOptimizer(tf, model.optimizer);
      // The model and its optimizer hold them now: not kept for the whole run.
      verified.clear();
      history = structuredClone(resumed.state.history) as History;
      firstEpoch = resumed.state.epoch + 1;
      job.log(`resuming after epoch ${resumed.state.epoch} from ${job.out}`);
    }
    try {
      return await fit(tf, job, model, compiled.logName, tensors, { history, firstEpoch, early, backend });
    } finally {
      early?.dispose();
    }
  } finally {
    tf.dispose([...tensors.x, ...tensors.y, ...(tensors.validation ? [...tensors.validation.x, ...tensors.validation.y] : [])]);
    // The model owns no optimizer it was given as an object: its slots are freed here.
    model.optimizer?.dispose();
    model.dispose();
  }
}

type Tensors = Awaited<ReturnType<typeof loadTrainingData>>;

async function fit(
  tf: typeof tfTypes,
  job: TrainJob,
  model: tfTypes.LayersModel,
  logName: (key: string) => string,
  data: Tensors,
  run: { history: History; firstEpoch: number; early?: EarlyStopping; backend: string },
): Promise<TrainResult> {
  const { config } = job;
  const { history, early } = run;
  const samples = data.x[0].shape[0];
  const split = data.validation ? 0 : config.validation_split;
  const trainSamples = split > 0 ? Math.floor(samples * (1 - split)) : samples;
  const validationSamples = data.validation ? data.validation.x[0].shape[0] : samples - trainSamples;
  const stepsPerEpoch = Math.ceil(trainSamples / config.batch_size);
  let lastComplete = run.firstEpoch - 1;
  let stop: TrainResult['stop'] | undefined;

  if (run.firstEpoch > config.epochs) {
    stop = { kind: 'stop', reason: 'completed', epoch: lastComplete, message: `the checkpoint already holds ${lastComplete} epochs (epochs: ${config.epochs})` };
    job.onEvent(stop);
    return { epochs: lastComplete, history, stop };
  }

  type Constrained = tfTypes.LayerVariable & { constraint: { apply(w: tfTypes.Tensor): tfTypes.Tensor } };
  const constrained = model.weights.filter((w): w is Constrained => (w as Partial<Constrained>).constraint != null);
  const toKeras = (logs: tfTypes.Logs | undefined): Logs =>
    Object.fromEntries(Object.entries(logs ?? {}).filter(([k]) => k !== 'batch' && k !== 'size').map(([k, v]) => [logName(k), Number(v)]));

  const writeCurves = curvesWriter(job.out, (line) => (job.warn ?? job.log)(line));
  let epochStart = 0;
  let seen = 0;
  let sums: Record<string, number> = {};
  let steps = 0;
  const metricNames = (model.metricsNames ?? ['loss']).map(logName);
  const logNames = validationSamples > 0 ? [...metricNames, ...metricNames.map((m) => `val_${m}`)] : metricNames;
  for (const name of logNames) history[name] ??= []; // Keras's key order: loss, metrics, then val_*
  job.onEvent({
    kind: 'start', epochs: config.epochs, firstEpoch: run.firstEpoch, samples: trainSamples, validationSamples, batchSize: config.batch_size, stepsPerEpoch,
    backend: run.backend, metrics: logNames,
  });

  // Keras's validation_split: the last samples, taken before any shuffling.
  const head = (ts: tfTypes.Tensor[]) => (split > 0 ? ts.map((t) => t.slice(0, trainSamples)) : ts);
  const tail = (ts: tfTypes.Tensor[]) => ts.map((t) => t.slice(trainSamples));
  const trainX = head(data.x);
  const trainY = head(data.y);
  const validation = data.validation ?? (split > 0 ? { x: tail(data.x), y: tail(data.y) } : undefined);
  const one = (ts: tfTypes.Tensor[]) => (ts.length === 1 ? ts[0] : ts);

  const callbacks: tfTypes.CustomCallbackArgs = {
    onBatchEnd: async (_batch, logs) => {
      // Keras applies each weight's constraint after every update; tfjs's optimizers do not.
      // (write() skips a value it already holds, so the projected tensor is written.)
      if (constrained.length) tf.tidy(() => constrained.forEach((w) => w.write(w.constraint.apply(w.read()))));
      const size = Number(logs?.size ?? config.batch_size);
      const values = toKeras(logs);
      seen += size;
      steps++;
      for (const [k, v] of Object.entries(values)) sums[k] = (sums[k] ?? 0) + v * size;
      if (!Number.isFinite(values.loss)) {
        stop = { kind: 'stop', reason: 'nan', epoch: lastComplete, message: `the loss became ${values.loss} at epoch ${lastComplete + 1}, batch ${steps}; the checkpoint of epoch ${lastComplete} is kept. Lower the learning rate, or check the data for NaN/inf values` };
        model.stopTraining = true;
      } else if (job.interrupt.requested) {
        stop = { kind: 'stop', reason: 'interrupted', epoch: lastComplete, message: `interrupted during epoch ${lastComplete + 1}; the checkpoint of epoch ${lastComplete} is kept (--resume continues from it)` };
        model.stopTraining = true;
      }
      const running = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / seen]));
      job.onEvent({ kind: 'batch', epoch: lastComplete + 1, step: steps, stepsPerEpoch, samplesDone: seen, logs: running, elapsedMs: performance.now() - epochStart });
    },
    onEpochEnd: async (epochIndex, logs) => {
      if (stop) return; // a NaN or an interrupt: this epoch is not complete; its state is not saved
      const epoch = epochIndex + 1;
      const values = toKeras(logs);
      for (const [k, v] of Object.entries(values)) (history[k] ??= []).push(v);
      const verdict = early?.update(epoch, values);
      if (verdict?.best) early?.remember(model);
      if (verdict?.stop) {
        if (early?.restoreBest(model)) job.log(`early stopping: restored the weights of epoch ${verdict.bestEpoch}`);
        stop = { kind: 'stop', reason: 'early-stopping', epoch, message: verdict.message };
      }
      const committed = await writeCheckpoint(tf, model, job.out, {
        epoch,
        history,
        ...(early ? { earlyStopping: early.state(), bestWeightsFromThisEpoch: early.keepsBestOf(verdict) } : {}),
      });
      early?.committed(committed.earlyStopping);
      await writeCurves(history);
      lastComplete = epoch;
      const elapsedMs = performance.now() - epochStart;
      job.onEvent({ kind: 'epoch', epoch, epochs: config.epochs, logs: values, elapsedMs, samplesPerSecond: (trainSamples * 1000) / elapsedMs, checkpoint: job.out, ...(verdict ? { best: verdict.best } : {}) });
    },
  };

  // One fit call per epoch, shuffled here from (seed, epoch) alone: tfjs's own shuffle permutes the
  // previous epoch's order, which a resumed run cannot reproduce.
  const seeding = epochSeeding(job.seed);
  try {
    for (let epoch = run.firstEpoch; epoch <= config.epochs && !stop; epoch++) {
      seeding.beginEpoch(epoch);
      epochStart = performance.now();
      seen = 0;
      steps = 0;
      sums = {};
      const order = config.shuffle ? tf.tensor1d(permutation(trainSamples), 'int32') : undefined;
      const xs = order ? trainX.map((t) => tf.gather(t, order)) : trainX;
      const ys = order ? trainY.map((t) => tf.gather(t, order)) : trainY;
      try {
        await model.fit(one(xs), one(ys), {
          epochs: epoch,
          initialEpoch: epoch - 1,
          batchSize: config.batch_size,
          shuffle: false,
          verbose: 0,
          ...(validation ? { validationData: [one(validation.x), one(validation.y)] as [tfTypes.Tensor | tfTypes.Tensor[], tfTypes.Tensor | tfTypes.Tensor[]] } : {}),
          callbacks,
        });
      } finally {
        if (order) tf.dispose([order, ...xs, ...ys]);
      }
    }
  } finally {
    seeding.end();
    if (split > 0) tf.dispose([...trainX, ...trainY, ...(validation && !data.validation ? [...validation.x, ...validation.y] : [])]);
  }

  const final: TrainResult['stop'] = stop ?? { kind: 'stop', reason: 'completed', epoch: lastComplete };
  job.onEvent(final);
  return { epochs: lastComplete, history, stop: final };
}

/** DIR/model.yaml: the model the weights belong to, next to them (not over the model file itself). */
async function copySpec(job: TrainJob): Promise<void> {
  const target = join(job.out, SPEC_COPY);
  if ((await realpath(target).catch(() => target)) === (await realpath(job.analysis.file).catch(() => job.analysis.file))) return;
  const text = typeof job.specText === 'string' ? new TextEncoder().encode(job.specText) : job.specText;
  const previous = job.resume ? await readFile(target).catch(() => undefined) : undefined;
  if (previous && !Buffer.from(previous).equals(Buffer.from(text))) job.log(`note: ${job.analysis.file} differs from the model the checkpoint was trained with (${target})`);
  await writeFileAtomic(target, text);
}

/** A uniformly random order of 0..n-1 (Fisher-Yates over Math.random, seeded per epoch). */
function permutation(n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
