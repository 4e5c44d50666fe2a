import type * as tfTypes from '@tensorflow/tfjs';
import { LOSSES, METRICS, type LossName, type MetricName } from '../spec/train-losses.js';
import { kerasLogNames, lossesByOutput, metricsByOutput, optimizerConfig, type TrainSpec } from '../spec/train-schema.js';
import { withFusedAdam } from './fused-adam.js';

/**
 * The YAML's `train:` section -> model.compile() arguments. Every optimizer argument is passed
 * explicitly with Keras's value (tfjs's own defaults differ: epsilon from the backend, adadelta's
 * learning rate, ...). Losses and metrics are functions that cast the labels as Keras does; the
 * metrics are named by their Keras names, so that the logs tfjs writes (`<output>_<name>`,
 * `val_...`) are already Keras's History keys. `logName` maps any key tfjs produces to Keras's
 * (by position in model.metricsNames), and `logNames` lists them in Keras's order.
 *
 * Functions, not tfjs strings, also mean that model.save({includeOptimizer: true}) cannot write
 * the training config (tfjs snake-cases loss names): the checkpoints save weights only.
 */

type Tf = typeof tfTypes;
type Tensor = tfTypes.Tensor;
type LossOrMetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;
type CompileArgs = tfTypes.ModelCompileArgs;

/** The training settings after the YAML's defaults and the command-line overrides. */
export type TrainConfig = TrainSpec;

export interface CompiledTraining {
  optimizer: tfTypes.Optimizer;
  /**
   * One loss for a one-output model, else one per output in `model.outputNames` order: functions,
   * and tfjs's own 'sparseCategoricalCrossentropy' (its targets: `floatTargets`).
   */
  loss: CompileArgs['loss'];
  /** Per output name, its metrics: functions whose `name` is the Keras name. */
  metrics: CompileArgs['metrics'];
  /** Keras's log names without validation: `loss`, `<output>_loss`..., the metrics. */
  logNames: readonly string[];
  /** A log key as tfjs writes it (after model.compile with these options) -> Keras's name. */
  logName(tfjsKey: string): string;
}

/** The tfjs optimizer, Keras's defaults passed explicitly. */
export function kerasOptimizer(tf: Tf, optimizer: TrainSpec['optimizer']): tfTypes.Optimizer {
  const o = optimizerConfig(optimizer);
  switch (o.type) {
    case 'sgd':
      // Keras's SGD with momentum is tfjs's MomentumOptimizer (same update for a constant rate).
      return o.momentum > 0 ? tf.train.momentum(o.learning_rate, o.momentum, o.nesterov) : tf.train.sgd(o.learning_rate);
    case 'adam':
      return withFusedAdam(tf, tf.train.adam(o.learning_rate, o.beta_1, o.beta_2, o.epsilon));
    case 'adamax':
      return tf.train.adamax(o.learning_rate, o.beta_1, o.beta_2, o.epsilon, 0);
    case 'adagrad':
      return tf.train.adagrad(o.learning_rate, o.initial_accumulator_value);
    case 'adadelta':
      return tf.train.adadelta(o.learning_rate, o.rho, o.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(o.learning_rate, o.rho, o.momentum, o.epsilon, o.centered);
  }
}

/** `fn`, named: tfjs logs a metric function under its `name`. */
function named(name: string, fn: LossOrMetricFn): LossOrMetricFn {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

/** Keras 2's hinge losses turn 0/1 labels into -1/1 (when every label is 0 or 1); tfjs's do not. */
function kerasHingeLabels(tf: Tf, yTrue: Tensor): Tensor {
  return tf.tidy(() => {
    const binary = tf.cast(tf.all(tf.logicalOr(tf.equal(yTrue, 0), tf.equal(yTrue, 1))), 'float32');
    // y + binary * (y - 1): 2y - 1 when binary, y otherwise.
    return tf.add(yTrue, tf.mul(binary, tf.sub(yTrue, 1)));
  });
}

const floatLabels = (tf: Tf, y: Tensor) => (y.dtype === 'float32' ? y : tf.cast(y, 'float32'));

/** Integer class labels (any shape, any dtype) -> one-hot rows shaped like the prediction. */
function oneHotLike(tf: Tf, yTrue: Tensor, yPred: Tensor): Tensor {
  const depth = yPred.shape[yPred.shape.length - 1];
  const flat = tf.reshape(yTrue, [-1]);
  const labels = (flat.dtype === 'int32' ? flat : tf.cast(tf.floor(flat), 'int32')) as tfTypes.Tensor1D;
  return tf.cast(tf.reshape(tf.oneHot(labels, depth), yPred.shape), 'float32');
}

/**
 * Keras losses as functions of (y_true, y_pred) -> per-sample loss (tfjs takes the mean). As in
 * Keras, the labels are cast to float first: tfjs's own losses give NaN on int32 labels
 * (kl_divergence clips them to 0). Where tfjs exports the same function as a
 * metric it is reused; the rest are Keras's formulas (test/runtime/compile.test.ts checks each
 * against tfjs-layers' loss of the same name, where there is one).
 */
export function kerasLoss(tf: Tf, name: LossName): LossOrMetricFn | 'sparseCategoricalCrossentropy' {
  // tfjs checks the targets' shape against the output's ([n, 1] labels vs [n, classes] scores)
  // unless the loss *is* its own sparse function, so that one is passed by name; its labels must
  // then be float32 (tfjs floors them), which `floatTargets` gives.
  if (name === 'sparse_categorical_crossentropy') return 'sparseCategoricalCrossentropy';
  const m = tf.metrics;
  const eps = 1e-7;
  const along = (t: Tensor) => tf.mean(t, -1);
  const f: Record<Exclude<(typeof LOSSES)[LossName], 'sparseCategoricalCrossentropy'>, (y: Tensor, p: Tensor) => Tensor> = {
    meanSquaredError: (y, p) => m.meanSquaredError(y, p),
    meanAbsoluteError: (y, p) => m.meanAbsoluteError(y, p),
    meanAbsolutePercentageError: (y, p) => m.meanAbsolutePercentageError(y, p),
    meanSquaredLogarithmicError: (y, p) => along(tf.square(tf.sub(tf.log1p(tf.clipByValue(p, eps, Number.MAX_VALUE)), tf.log1p(tf.clipByValue(y, eps, Number.MAX_VALUE))))),
    binaryCrossentropy: (y, p) => m.binaryCrossentropy(y, p),
    categoricalCrossentropy: (y, p) => m.categoricalCrossentropy(y, p),
    hinge: (y, p) => along(tf.relu(tf.sub(1, tf.mul(kerasHingeLabels(tf, y), p)))),
    squaredHinge: (y, p) => along(tf.square(tf.relu(tf.sub(1, tf.mul(kerasHingeLabels(tf, y), p))))),
    categoricalHinge: (y, p) => tf.relu(tf.add(1, tf.sub(tf.max(tf.mul(tf.sub(1, y), p), -1), tf.sum(tf.mul(y, p), -1)))),
    kullbackLeiblerDivergence: (y, p) => tf.sum(tf.mul(y, tf.log(tf.div(tf.clipByValue(y, eps, 1), tf.clipByValue(p, eps, 1)))), -1),
    poisson: (y, p) => along(tf.sub(p, tf.mul(y, tf.log(tf.add(p, eps))))),
    cosineProximity: (y, p) => m.cosineProximity(y, p),
    logcosh: (y, p) => {
      const x = tf.sub(p, y);
      return along(tf.sub(tf.add(x, tf.softplus(tf.mul(-2, x))), Math.log(2)));
    },
    // Keras's huber, delta 1: 0.5 e^2 for |e| <= 1, |e| - 0.5 beyond.
    huber: (y, p) => {
      const error = tf.abs(tf.sub(p, y));
      const quadratic = tf.minimum(error, 1);
      return along(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(error, quadratic)));
    },
  };
  const loss = f[LOSSES[name]];
  return named(name, (yTrue, yPred) => tf.tidy(() => loss(floatLabels(tf, yTrue), yPred)));
}

function sparseCategoricalCrossentropy(tf: Tf): LossOrMetricFn {
  return (yTrue, yPred) => tf.tidy(() => tf.metrics.categoricalCrossentropy(oneHotLike(tf, yTrue, yPred), yPred));
}

/**
 * One Keras metric for one output. `accuracy`/`crossentropy` pick their variant as Keras does: binary
 * when the output has one unit or the loss is binary_crossentropy, sparse with
 * sparse_categorical_crossentropy, categorical otherwise.
 */
function kerasMetric(tf: Tf, name: MetricName, loss: LossName | undefined, units: number | null): LossOrMetricFn {
  const m = tf.metrics;
  const variant = units === 1 || loss === 'binary_crossentropy' ? 'binary' : loss === 'sparse_categorical_crossentropy' ? 'sparse' : 'categorical';
  const fns: Record<(typeof METRICS)[MetricName], () => LossOrMetricFn> = {
    accuracy: () => ({ binary: m.binaryAccuracy, sparse: m.sparseCategoricalAccuracy, categorical: m.categoricalAccuracy })[variant],
    crossentropy: () => ({ binary: m.binaryCrossentropy, sparse: sparseCategoricalCrossentropy(tf), categorical: m.categoricalCrossentropy })[variant],
    binaryAccuracy: () => m.binaryAccuracy,
    categoricalAccuracy: () => m.categoricalAccuracy,
    sparseCategoricalAccuracy: () => m.sparseCategoricalAccuracy,
    binaryCrossentropy: () => m.binaryCrossentropy,
    categoricalCrossentropy: () => m.categoricalCrossentropy,
    sparseCategoricalCrossentropy: () => sparseCategoricalCrossentropy(tf),
    meanSquaredError: () => m.meanSquaredError,
    meanAbsoluteError: () => m.meanAbsoluteError,
    meanAbsolutePercentageError: () => m.meanAbsolutePercentageError,
    // Keras's metric is the cosine similarity itself; tfjs's cosineProximity is its negative (the loss).
    cosineSimilarity: () => (yTrue, yPred) => tf.tidy(() => tf.neg(m.cosineProximity(yTrue, yPred))),
    precision: () => m.precision,
    recall: () => m.recall,
  };
  const fn = fns[METRICS[name]]();
  const sparse = name.startsWith('sparse_') || ((name === 'accuracy' || name === 'acc' || name === 'crossentropy' || name === 'ce') && variant === 'sparse');
  return named(name, (yTrue, yPred) => tf.tidy(() => fn(sparse ? yTrue : floatLabels(tf, yTrue), yPred)));
}

/**
 * The targets as fit/evaluate need them: float32, as Keras casts y_true to the prediction's dtype
 * (tfjs's sparse loss floors its labels, which int32 cannot be). Returns the tensors to use and
 * those created here, for the caller to dispose.
 */
export function floatTargets<T extends Tensor | Tensor[]>(tf: Tf, ys: T): { ys: T; created: Tensor[] } {
  const created: Tensor[] = [];
  const cast = (y: Tensor) => {
    if (y.dtype === 'float32') return y;
    const f = tf.cast(y, 'float32');
    created.push(f);
    return f;
  };
  return { ys: (Array.isArray(ys) ? ys.map(cast) : cast(ys)) as T, created };
}

const PATCHED = Symbol('layerspec.testFunctionFixed');

/**
 * tfjs 4.22's test function (model.evaluate, and fit's validation) pushes the running total loss
 * once per output, so a model with n outputs returns n - 1 extra leading values and every name after
 * `loss` gets its neighbour's value (val_loss is the first output's loss alone). The instance's
 * test function is wrapped to drop them; once per model.
 */
function fixMultiOutputTestFunction(tf: Tf, model: tfTypes.LayersModel): void {
  const extra = model.outputs.length - 1;
  const m = model as unknown as { makeTestFunction(): void; testFunction: (data: Tensor[]) => Tensor[]; [PATCHED]?: true };
  if (extra === 0 || m[PATCHED]) return;
  m[PATCHED] = true;
  const make = m.makeTestFunction.bind(m);
  m.makeTestFunction = () => {
    make();
    const test = m.testFunction;
    m.testFunction = (data) => {
      const outs = test(data);
      tf.dispose(outs.slice(0, extra));
      return outs.slice(extra);
    };
  };
}

/** `model` compiled with compileOptions' optimizer, loss and metrics; returns them, with the log names. */
export function compileModel(tf: Tf, train: TrainConfig, model: tfTypes.LayersModel): CompiledTraining {
  const compiled = compileOptions(tf, train, model);
  model.compile({ optimizer: compiled.optimizer, loss: compiled.loss, metrics: compiled.metrics });
  return compiled;
}

/**
 * Optimizer, loss and metrics for `model.compile`, and the Keras names of what it will log. Also
 * mends tfjs's multi-output evaluation on `model` (see fixMultiOutputTestFunction).
 */
export function compileOptions(tf: Tf, train: TrainConfig, model: tfTypes.LayersModel): CompiledTraining {
  const outputs = model.outputNames;
  const losses = lossesByOutput(train.loss, outputs).map((name, i) => {
    if (name === undefined) throw new Error(`train.loss gives no loss for the output '${outputs[i]}'`);
    return name;
  });
  const metricNames = metricsByOutput(train.metrics, outputs);
  const metrics: Record<string, LossOrMetricFn[]> = {};
  outputs.forEach((output, i) => {
    const shape = model.outputs[i].shape;
    metrics[output] = metricNames[i].map((name) => kerasMetric(tf, name, losses[i], shape[shape.length - 1] ?? null));
  });
  const lossFns = losses.map((name) => kerasLoss(tf, name));
  const logNames = kerasLogNames(train, outputs, false);
  fixMultiOutputTestFunction(tf, model);

  // tfjs's keys, once compiled, in the same order as Keras's names (model.metricsNames).
  let table: Map<string, string> | undefined;
  const logName = (key: string): string => {
    if (!table) {
      const tfjsNames = model.metricsNames ?? [];
      if (tfjsNames.length !== logNames.length) return key; // not compiled with these options
      table = new Map(tfjsNames.map((n, i) => [n, logNames[i]]));
    }
    const exact = table.get(key);
    if (exact !== undefined) return exact;
    const inner = key.startsWith('val_') ? table.get(key.slice(4)) : undefined;
    return inner === undefined ? key : `val_${inner}`;
  };

  return {
    optimizer: kerasOptimizer(tf, train.optimizer),
    // tfjs's types want all-string or all-function lists; its compile() takes mixed ones.
    loss: (lossFns.length === 1 ? lossFns[0] : lossFns) as CompileArgs['loss'],
    // tfjs's types allow one metric per output in a mapping; its compile() takes lists (collectMetrics).
    metrics: metrics as unknown as CompileArgs['metrics'],
    logNames,
    logName,
  };
}
