import { z } from '../zod-configured.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Locator, Path } from './locate.js';
import { didYouMean } from './names.js';
import { describePath, issuesToDiagnostics } from './zod-issues.js';

/**
 * The `train:` section: Keras's compile() and fit() arguments by their Keras names, strict, with
 * Keras's defaults. Only what TensorFlow.js 4.22 can run is accepted; a Keras argument it cannot
 * honour (AMSGrad, gradient clipping, weight decay, ...) is refused with a message saying so,
 * rather than silently ignored.
 *
 * Learning-rate defaults are tf.keras 2.4+'s (= Keras 3's): sgd 0.01, adam/adamax/adagrad/rmsprop
 * 0.001, and adadelta 0.001 (Keras <= 2.3 used 1.0 for Adadelta and 0.01 for Adagrad).
 */

export const OPTIMIZER_NAMES = ['sgd', 'adam', 'adamax', 'adagrad', 'adadelta', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Keras optimizers TensorFlow.js does not have, with what to use instead. */
const MISSING_OPTIMIZERS: Record<string, string> = {
  nadam: 'TensorFlow.js has no Nadam; the closest is `adam`',
  adamw: 'TensorFlow.js has no AdamW (decoupled weight decay); use `adam`, and a kernel_regularizer for weight decay',
  ftrl: 'TensorFlow.js has no Ftrl optimizer',
  lion: 'TensorFlow.js has no Lion optimizer',
  adafactor: 'TensorFlow.js has no Adafactor optimizer',
  lamb: 'TensorFlow.js has no LAMB optimizer',
};

const learningRate = (keras: number) =>
  z.number().positive().default(keras).describe(`Learning rate (Keras's default for this optimizer: ${keras}).`);
const beta1 = z.number().min(0).lt(1).default(0.9).describe('Decay rate of the first-moment estimates.');
const epsilon = z.number().positive().default(1e-7).describe('Small constant for numerical stability (Keras: 1e-7).');

/**
 * Keras optimizer arguments TensorFlow.js cannot honour. Their no-op value (what Keras does by
 * default) is accepted, so a pasted Keras config passes; any other value is refused (see
 * `UNSUPPORTED_OPTIMIZER_ARGS`).
 */
const notInTfjs = {
  clipnorm: z.null().optional().describe('Keras clips each gradient to this norm; TensorFlow.js optimizers cannot clip, so only null is accepted.'),
  clipvalue: z.null().optional().describe('Keras clips each gradient to this value; TensorFlow.js optimizers cannot clip, so only null is accepted.'),
  global_clipnorm: z.null().optional().describe('Keras clips the global gradient norm; TensorFlow.js optimizers cannot clip, so only null is accepted.'),
  weight_decay: z.null().optional().describe('Keras 2.11+ decoupled weight decay; TensorFlow.js optimizers have none, so only null is accepted (use a kernel_regularizer).'),
  use_ema: z.literal(false).optional().describe('Keras keeps an exponential moving average of the weights; TensorFlow.js cannot, so only false is accepted.'),
};

const UNSUPPORTED_OPTIMIZER_ARGS: Record<string, { accepted: unknown; why: string }> = {
  clipnorm: { accepted: null, why: 'TensorFlow.js optimizers cannot clip gradients' },
  clipvalue: { accepted: null, why: 'TensorFlow.js optimizers cannot clip gradients' },
  global_clipnorm: { accepted: null, why: 'TensorFlow.js optimizers cannot clip gradients' },
  weight_decay: { accepted: null, why: 'TensorFlow.js optimizers have no weight decay; add a kernel_regularizer (e.g. `{ l2: 0.0001 }`) to the layers instead' },
  use_ema: { accepted: false, why: 'TensorFlow.js cannot keep a moving average of the weights' },
  amsgrad: { accepted: false, why: "TensorFlow.js's Adam has no AMSGrad variant" },
};

const typeOf = <N extends OptimizerName>(name: N, keras: string) => z.literal(name).describe(`The optimizer: ${keras}.`);

export const optimizerSchemas = {
  sgd: z.strictObject({
    type: typeOf('sgd', 'stochastic gradient descent, with optional (Nesterov) momentum (keras.optimizers.SGD)'),
    learning_rate: learningRate(0.01),
    momentum: z.number().min(0).default(0).describe('Momentum factor, >= 0; 0 is plain gradient descent.'),
    nesterov: z.boolean().default(false).describe('Use Nesterov momentum.'),
    ...notInTfjs,
  }),
  adam: z.strictObject({
    type: typeOf('adam', 'Adam (keras.optimizers.Adam)'),
    learning_rate: learningRate(0.001),
    beta_1: beta1,
    beta_2: z.number().min(0).lt(1).default(0.999).describe('Decay rate of the second-moment estimates.'),
    epsilon,
    amsgrad: z.literal(false).optional().describe("Keras's AMSGrad variant; TensorFlow.js's Adam has none, so only false is accepted."),
    ...notInTfjs,
  }),
  adamax: z.strictObject({
    type: typeOf('adamax', 'Adamax, Adam with the infinity norm (keras.optimizers.Adamax)'),
    learning_rate: learningRate(0.001),
    beta_1: beta1,
    beta_2: z.number().min(0).lt(1).default(0.999).describe('Decay rate of the exponentially weighted infinity norm.'),
    epsilon,
    ...notInTfjs,
  }),
  adagrad: z.strictObject({
    type: typeOf('adagrad', 'Adagrad (keras.optimizers.Adagrad)'),
    learning_rate: learningRate(0.001),
    initial_accumulator_value: z.number().min(0).default(0.1).describe('Starting value of the per-weight accumulators.'),
    // tfjs's Adagrad takes no epsilon: it adds the backend's, which is Keras's 1e-7.
    epsilon: z
      .number()
      .refine((v) => v === 1e-7, "TensorFlow.js's Adagrad always uses epsilon 1e-7 (Keras's default)")
      .default(1e-7)
      .describe("Small constant for numerical stability; TensorFlow.js's Adagrad always uses 1e-7, Keras's default, so only 1e-7 is accepted."),
    ...notInTfjs,
  }),
  adadelta: z.strictObject({
    type: typeOf('adadelta', 'Adadelta (keras.optimizers.Adadelta)'),
    learning_rate: z
      .number()
      .positive()
      .default(0.001)
      .describe("Learning rate (tf.keras 2.4+ and Keras 3 default: 0.001; Keras <= 2.3 used 1.0, the original paper's)."),
    rho: z.number().min(0).lt(1).default(0.95).describe('Decay rate of the accumulated gradients and updates.'),
    epsilon,
    ...notInTfjs,
  }),
  rmsprop: z.strictObject({
    type: typeOf('rmsprop', 'RMSprop (keras.optimizers.RMSprop)'),
    learning_rate: learningRate(0.001),
    rho: z.number().min(0).lt(1).default(0.9).describe('Decay rate of the moving average of squared gradients.'),
    momentum: z.number().min(0).default(0).describe('Momentum factor, >= 0.'),
    epsilon,
    centered: z.boolean().default(false).describe('Normalise by the estimated variance of the gradient instead of its second moment.'),
    ...notInTfjs,
  }),
} as const;

type OptimizerSchemas = typeof optimizerSchemas;
/** An optimizer with every argument filled in (Keras's defaults where the file gives none). */
export type OptimizerConfig = { [K in OptimizerName]: z.output<OptimizerSchemas[K]> }[OptimizerName];

const optimizerName = z.enum(OPTIMIZER_NAMES).describe("An optimizer by Keras name, with Keras's default arguments.");

/**
 * Losses by Keras name -> the function TensorFlow.js 4.22 has. Aliases are Keras's own. Keras 2's
 * hinge losses turn 0/1 labels into -1/1; the runtime does the same (src/runtime/compile.ts).
 */
export const LOSSES = {
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
  mean_absolute_percentage_error: 'meanAbsolutePercentageError',
  mape: 'meanAbsolutePercentageError',
  mean_squared_logarithmic_error: 'meanSquaredLogarithmicError',
  msle: 'meanSquaredLogarithmicError',
  binary_crossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  hinge: 'hinge',
  squared_hinge: 'squaredHinge',
  categorical_hinge: 'categoricalHinge',
  kl_divergence: 'kullbackLeiblerDivergence',
  kullback_leibler_divergence: 'kullbackLeiblerDivergence',
  kld: 'kullbackLeiblerDivergence',
  poisson: 'poisson',
  cosine_similarity: 'cosineProximity',
  log_cosh: 'logcosh',
  logcosh: 'logcosh',
  huber: 'huber',
} as const;
export type LossName = keyof typeof LOSSES;

/** Metrics by Keras name that TensorFlow.js 4.22 implements -> the function the runtime uses. */
export const METRICS = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  crossentropy: 'crossentropy',
  ce: 'crossentropy',
  binary_accuracy: 'binaryAccuracy',
  categorical_accuracy: 'categoricalAccuracy',
  sparse_categorical_accuracy: 'sparseCategoricalAccuracy',
  binary_crossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
  mean_absolute_percentage_error: 'meanAbsolutePercentageError',
  mape: 'meanAbsolutePercentageError',
  cosine_similarity: 'cosineSimilarity',
  precision: 'precision',
  recall: 'recall',
} as const;
export type MetricName = keyof typeof METRICS;

/** Keras names that TensorFlow.js cannot compute, with why: a better message than "unknown". */
const MISSING_LOSSES: Record<string, string> = {
  binary_focal_crossentropy: 'TensorFlow.js 4.22 has no focal loss',
  categorical_focal_crossentropy: 'TensorFlow.js 4.22 has no focal loss',
  ctc: 'TensorFlow.js 4.22 has no CTC loss',
};
const MISSING_METRICS: Record<string, string> = {
  top_k_categorical_accuracy: 'TensorFlow.js 4.22 does not implement top-k accuracy',
  sparse_top_k_categorical_accuracy: 'TensorFlow.js 4.22 does not implement top-k accuracy',
  auc: 'TensorFlow.js 4.22 has no AUC metric',
  mean_squared_logarithmic_error: 'TensorFlow.js 4.22 has no MSLE metric (it is available as a loss)',
  msle: 'TensorFlow.js 4.22 has no MSLE metric (it is available as a loss)',
  hinge: 'TensorFlow.js 4.22 has no hinge metric (it is available as a loss)',
  kl_divergence: 'TensorFlow.js 4.22 has no KL-divergence metric (it is available as a loss)',
  poisson: 'TensorFlow.js 4.22 has no Poisson metric (it is available as a loss)',
  log_cosh: 'TensorFlow.js 4.22 has no log-cosh metric (it is available as a loss)',
  root_mean_squared_error: 'TensorFlow.js 4.22 has no RMSE metric; use mse',
};

const lossName = z
  .enum(Object.keys(LOSSES) as [LossName, ...LossName[]])
  .describe('A loss by Keras name: mse, mae, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, huber, ...');
const metricName = z
  .enum(Object.keys(METRICS) as [MetricName, ...MetricName[]])
  .describe('A metric by Keras name: accuracy (or acc), mse, mae, precision, recall, ...; logged under this name.');

export const earlyStoppingSpec = z
  .strictObject({
    monitor: z.string().min(1).default('val_loss').describe('The logged value to watch: loss, val_loss, or a metric by its log name (val_accuracy, ...).'),
    patience: z.int().min(0).default(0).describe('Epochs without improvement before training stops.'),
    min_delta: z.number().min(0).default(0).describe('The smallest change that counts as an improvement.'),
    mode: z
      .enum(['auto', 'min', 'max'])
      .default('auto')
      .describe('Whether the monitored value should fall (min) or rise (max); auto, as Keras: max for accuracies, precision and recall, else min.'),
    restore_best_weights: z.boolean().default(false).describe("Restore the weights of the best epoch when training stops (else the last epoch's are kept)."),
  })
  .describe('Stop training when the monitored value stops improving (keras.callbacks.EarlyStopping).');

export type EarlyStoppingSpec = z.output<typeof earlyStoppingSpec>;

export const trainSpec = z
  .strictObject({
    optimizer: z
      .union([optimizerName, z.discriminatedUnion('type', Object.values(optimizerSchemas) as unknown as [OptimizerSchemas['sgd'], OptimizerSchemas['adam']])])
      .default('adam')
      .describe('Optimizer: a Keras name (sgd, adam, adamax, adagrad, adadelta, rmsprop) or {type, learning_rate, ...} with its Keras arguments.'),
    loss: z
      .union([lossName, z.record(z.string(), lossName).describe('One loss per model output, by output name.')])
      .default('mse')
      .describe('Loss by Keras name (mse, binary_crossentropy, categorical_crossentropy, ...), or one per output: {score: mse, probs: categorical_crossentropy}.'),
    metrics: z
      .union([
        z.array(metricName),
        z.record(z.string(), z.union([metricName, z.array(metricName)])).describe('Metrics per model output, by output name.'),
      ])
      .default([])
      .describe('Metrics by Keras name, a list applied to every output, or per output: {probs: [accuracy]}.'),
    epochs: z.int().positive().default(10).describe('Number of epochs.'),
    batch_size: z.int().positive().default(32).describe('Samples per gradient update.'),
    validation_split: z.number().min(0).lt(1).default(0).describe('Fraction of the training data held out for validation (the last samples, as Keras), 0 <= f < 1.'),
    shuffle: z.boolean().default(true).describe('Shuffle the training data before each epoch.'),
    early_stopping: earlyStoppingSpec.optional(),
    seed: z.int().min(0).optional().describe('Seed for weight initialisation, shuffling and dropout, for reproducible runs.'),
  })
  .describe('Defaults for `layerspec train`; command-line flags override them.');

export type TrainSpec = z.output<typeof trainSpec>;

/** The settings a model's `train:` gives (as parsed into ModelSpec.train), Keras's defaults where it gives none. */
export function trainConfig(train: Record<string, unknown> | undefined): TrainSpec {
  return trainSpec.parse(train ?? {});
}

/** The optimizer with every Keras argument filled in. */
export function optimizerConfig(optimizer: TrainSpec['optimizer']): OptimizerConfig {
  if (typeof optimizer !== 'string') return optimizer;
  return optimizerSchemas[optimizer].parse({ type: optimizer }) as OptimizerConfig;
}

/** The loss of each output, in `outputs` order (one name applies to every output, as in Keras). */
export function lossesByOutput(loss: TrainSpec['loss'], outputs: readonly string[]): (LossName | undefined)[] {
  return outputs.map((o) => (typeof loss === 'string' ? loss : loss[o]));
}

/** The metrics of each output, in `outputs` order (a list applies to every output, as in Keras). */
export function metricsByOutput(metrics: TrainSpec['metrics'], outputs: readonly string[]): MetricName[][] {
  if (Array.isArray(metrics)) return outputs.map(() => [...metrics]);
  return outputs.map((o) => {
    const m = metrics[o];
    return m === undefined ? [] : typeof m === 'string' ? [m] : [...m];
  });
}

/**
 * The names Keras 2 logs (History keys, callback logs), in its order: `loss`; per-output
 * `<output>_loss` when there are several outputs; each output's metrics under the name they were
 * given (`acc` stays `acc`), prefixed `<output>_` when there are several; then the same with `val_`.
 */
export function kerasLogNames(train: Pick<TrainSpec, 'metrics'>, outputs: readonly string[], validation: boolean): string[] {
  const multi = outputs.length > 1;
  const names = ['loss', ...(multi ? outputs.map((o) => `${o}_loss`) : [])];
  metricsByOutput(train.metrics, outputs).forEach((metrics, i) => {
    for (const m of metrics) names.push(multi ? `${outputs[i]}_${m}` : m);
  });
  return validation ? [...names, ...names.map((n) => `val_${n}`)] : names;
}

/**
 * EarlyStopping's `mode: auto`, as Keras decides it: an accuracy (`'acc' in monitor`, Keras 2), a
 * precision or a recall (Keras 2.13+, from the metric's direction) should rise; anything else fall.
 */
export function earlyStoppingDirection(es: Pick<EarlyStoppingSpec, 'monitor' | 'mode'>): 'min' | 'max' {
  if (es.mode !== 'auto') return es.mode;
  return /acc|(precision|recall)$/.test(es.monitor) ? 'max' : 'min';
}

// ---------------------------------------------------------------------------------------------
// Validation with diagnostics.

/** A problem found in `train:`, at a path from the top of the file. */
export interface TrainProblem {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  path: Path;
  target: 'key' | 'value';
  hint?: string;
}

export interface TrainContext {
  file: string;
  locator: Locator | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);
const shortList = (names: readonly string[]) => names.join(', ');

/** Keras call syntax in a string: `Adam()`, `adam(lr=0.01)`, `tf.keras.optimizers.SGD(0.1, momentum=0.9)`. */
const CALL = /^\s*(?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*)\s*\((.*)\)\s*$/s;

/** `Adam(lr=0.01)` -> `{ type: adam, learning_rate: 0.01 }`, as far as it can be read. */
function optimizerCallHint(name: string, args: string): string {
  const type = didYouMean(name, OPTIMIZER_NAMES) ?? name.toLowerCase();
  const parts = [`type: ${type}`];
  args.split(',').map((a) => a.trim()).filter(Boolean).forEach((arg, i) => {
    const eq = /^(\w+)\s*=\s*(.+)$/.exec(arg);
    const key = eq ? (eq[1] === 'lr' ? 'learning_rate' : eq[1]) : i === 0 ? 'learning_rate' : undefined;
    const value = (eq ? eq[2] : arg).replace(/^True$/, 'true').replace(/^False$/, 'false');
    if (key) parts.push(`${key}: ${value}`);
  });
  return `write a mapping: \`optimizer: { ${parts.join(', ')} }\``;
}

/** Problems zod cannot explain well: Keras habits, names (with did-you-mean), unsupported arguments. */
function kerasHabits(train: Record<string, unknown>, handled: Set<string>): TrainProblem[] {
  const problems: TrainProblem[] = [];
  const report = (code: string, message: string, path: Path, target: 'key' | 'value', hint: string) => {
    problems.push({ code, severity: 'error', message, path: ['train', ...path], target, hint });
    handled.add(JSON.stringify(path));
  };

  const optimizer = train.optimizer;
  const badOptimizerName = (value: unknown, path: Path) => {
    const call = typeof value === 'string' ? CALL.exec(value) : null;
    if (call) {
      report('schema/invalid-value', `\`train.optimizer\` is Python call syntax, ${show(value)}; YAML has no calls`, path, 'value',
        optimizerCallHint(call[1], call[2]));
      return;
    }
    const text = typeof value === 'string' ? value : show(value);
    const missing = Object.hasOwn(MISSING_OPTIMIZERS, text.toLowerCase()) ? MISSING_OPTIMIZERS[text.toLowerCase()] : undefined;
    const guess = typeof value === 'string' ? didYouMean(value, OPTIMIZER_NAMES) : undefined;
    report('schema/invalid-value', `\`${describePath(['train', ...path])}\`: unknown optimizer ${show(value)}; TensorFlow.js has ${shortList(OPTIMIZER_NAMES)}`,
      path, 'value', missing ?? (guess ? `did you mean "${guess}"?` : `write one of ${shortList(OPTIMIZER_NAMES)}`));
  };
  if (typeof optimizer === 'string' && !(OPTIMIZER_NAMES as readonly string[]).includes(optimizer)) {
    badOptimizerName(optimizer, ['optimizer']);
  } else if (isRecord(optimizer)) {
    if (!('type' in optimizer)) {
      report('schema/missing-key', '`train.optimizer` has no `type`', ['optimizer'], 'key', `add \`type:\`, one of ${shortList(OPTIMIZER_NAMES)}`);
    } else if (!(OPTIMIZER_NAMES as readonly unknown[]).includes(optimizer.type)) {
      badOptimizerName(optimizer.type, ['optimizer', 'type']);
    }
    for (const [key, value] of Object.entries(optimizer)) {
      if (key === 'lr') {
        report('schema/unknown-key', '`train.optimizer.lr` is the old Keras name of the learning rate', ['optimizer', 'lr'], 'key',
          `write \`learning_rate: ${show(value)}\``);
        continue;
      }
      const unsupported = UNSUPPORTED_OPTIMIZER_ARGS[key];
      if (unsupported && value !== unsupported.accepted && !(key === 'amsgrad' && optimizer.type !== 'adam')) {
        report('schema/invalid-value', `\`train.optimizer.${key}: ${show(value)}\` cannot be honoured: ${unsupported.why}`, ['optimizer', key], 'key',
          `remove \`${key}\`${unsupported.accepted === null ? '' : ` (${show(unsupported.accepted)}, Keras's default, is what runs)`}`);
      }
    }
  }

  const checkName = (kind: 'loss' | 'metric', value: unknown, path: Path) => {
    const where = `\`${describePath(['train', ...path])}\``;
    const known = Object.keys(kind === 'loss' ? LOSSES : METRICS);
    if (typeof value !== 'string') {
      report('schema/invalid-type', `${where} must be a ${kind} name, got ${show(value)}`, path, 'value', `write a Keras name, e.g. ${kind === 'loss' ? 'mse' : 'accuracy'}`);
      return;
    }
    if (known.includes(value)) return;
    const call = CALL.exec(value);
    // `MeanSquaredError()` / `CategoricalAccuracy`: Keras's class names, in snake case, are its string names.
    const snake = (call ? call[1] : value).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    const table = kind === 'loss' ? MISSING_LOSSES : MISSING_METRICS;
    // Own keys only: a name like `constructor` must not find Object.prototype's.
    const missing = Object.hasOwn(table, snake) ? table[snake] : undefined;
    if (missing) {
      report('schema/invalid-value', `${where}: ${show(value)} cannot be used: ${missing}`, path, 'value', `use one of: ${shortList(known)}`);
      return;
    }
    const guess = known.includes(snake) ? snake : didYouMean(value, known);
    report('schema/invalid-value', `${where}: unknown ${kind} ${show(value)}`, path, 'value',
      guess ? `did you mean "${guess}"?` : `${kind === 'loss' ? 'losses' : 'metrics'} TensorFlow.js has: ${shortList(known)}`);
  };

  // Losses and metrics are checked here in full (zod's report of an enum-or-mapping union is poor).
  const loss = train.loss;
  if (typeof loss === 'string') checkName('loss', loss, ['loss']);
  else if (isRecord(loss)) for (const [output, value] of Object.entries(loss)) checkName('loss', value, ['loss', output]);
  else if (loss !== undefined) {
    report('schema/invalid-type', `\`train.loss\` must be a loss name or a mapping of output -> loss, got ${show(loss)}`, ['loss'], 'value',
      'write e.g. `loss: mse`, or `loss: { score: mse, probs: categorical_crossentropy }`');
  }

  const metrics = train.metrics;
  const checkList = (list: unknown[], path: Path) => {
    const seen = new Set<unknown>();
    list.forEach((m, i) => {
      checkName('metric', m, [...path, i]);
      if (seen.has(m)) {
        report('schema/invalid-value', `\`${describePath(['train', ...path])}\` lists ${show(m)} twice`, [...path, i], 'value', 'remove the repeated metric: each is logged once, by name');
      }
      seen.add(m);
    });
  };
  if (train.validation_split === 1) {
    report('schema/out-of-range', '`train.validation_split` is 1: every sample would be held out for validation, none left to train on', ['validation_split'], 'value',
      '`validation_split` is the fraction held out, below 1: e.g. 0.1 validates on the last 10% of the samples');
  }

  if (typeof metrics === 'string') {
    report('schema/invalid-type', `\`train.metrics\` must be a list, got ${show(metrics)}`, ['metrics'], 'value', `write a list, as in Keras: \`metrics: [${metrics}]\``);
  } else if (Array.isArray(metrics)) {
    checkList(metrics, ['metrics']);
  } else if (isRecord(metrics)) {
    for (const [output, value] of Object.entries(metrics)) {
      if (Array.isArray(value)) checkList(value, ['metrics', output]);
      else checkName('metric', value, ['metrics', output]);
    }
  } else if (metrics !== undefined) {
    report('schema/invalid-type', `\`train.metrics\` must be a list of metric names, got ${show(metrics)}`, ['metrics'], 'value', 'write e.g. `metrics: [accuracy]`');
  }
  return problems;
}

type Issue = z.core.$ZodIssue;

/** Drops the zod issues that a Keras-habit problem already explains (same path or below it). */
function withoutHandled(issues: readonly Issue[], handled: Set<string>, prefix: Path): Issue[] {
  const isHandled = (path: Path) => {
    for (let n = 1; n <= path.length; n++) if (handled.has(JSON.stringify(path.slice(0, n)))) return true;
    return false;
  };
  const kept: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (isHandled(path)) continue;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.filter((k) => !isHandled([...path, k]));
      if (keys.length > 0) kept.push({ ...issue, keys });
      continue;
    }
    kept.push(issue);
  }
  return kept;
}

export interface ParsedTrain {
  train?: TrainSpec;
  diagnostics: Diagnostic[];
}

/**
 * Validates the `train:` section (the value under the top-level `train` key), every problem at its
 * key or value. The model-dependent checks are `checkTrainSpec`, once the outputs are known.
 */
export function parseTrain(raw: unknown, ctx: TrainContext): ParsedTrain {
  const diagnostics: Diagnostic[] = [];
  const push = (p: TrainProblem) =>
    diagnostics.push({ code: p.code, severity: p.severity, message: p.message, file: ctx.file, range: ctx.locator?.locate(p.path, p.target), hint: p.hint });
  if (!isRecord(raw)) {
    push({ code: 'schema/invalid-type', severity: 'error', message: `\`train\` must be a mapping, got ${raw === null ? 'nothing' : show(raw)}`,
      path: ['train'], target: raw === null ? 'key' : 'value', hint: 'write e.g. `train: { optimizer: adam, loss: mse, epochs: 10 }`, or leave `train:` out' });
    return { diagnostics };
  }
  const handled = new Set<string>();
  for (const p of kerasHabits(raw, handled)) push(p);

  const data = { train: raw };
  const report = (issues: readonly Issue[], prefix: Path, schema: z.core.$ZodType) => {
    const kept = withoutHandled(issues, handled, prefix).map((i) => ({ ...i, path: ['train', ...prefix, ...i.path] }));
    diagnostics.push(...issuesToDiagnostics(kept as Issue[], { file: ctx.file, locator: ctx.locator, basePath: [], subject: '', schema }, data));
  };

  // An optimizer mapping is checked against its own type's schema, so that its problems (and
  // did-you-mean among its own arguments) are reported, not a union's.
  const { optimizer, loss: _loss, metrics: _metrics, ...rest } = raw;
  if (isRecord(optimizer) && (OPTIMIZER_NAMES as readonly unknown[]).includes(optimizer.type)) {
    const schema = optimizerSchemas[optimizer.type as OptimizerName];
    const parsed = schema.safeParse(optimizer, { reportInput: true });
    if (!parsed.success) report(parsed.error.issues, ['optimizer'], z.object({ train: z.object({ optimizer: schema }) }));
  } else if (optimizer !== undefined && typeof optimizer !== 'string' && !isRecord(optimizer)) {
    push({ code: 'schema/invalid-type', severity: 'error', message: `\`train.optimizer\` must be a name or a mapping, got ${show(optimizer)}`,
      path: ['train', 'optimizer'], target: 'value', hint: 'write e.g. `optimizer: adam` or `optimizer: { type: adam, learning_rate: 0.001 }`' });
  }
  const others = trainSpec.omit({ optimizer: true, loss: true, metrics: true }).safeParse(rest, { reportInput: true });
  if (!others.success) report(others.error.issues, [], z.object({ train: trainSpec }));

  if (diagnostics.length > 0) return { diagnostics };
  const parsed = trainSpec.safeParse(raw);
  // The checks above are the whole schema; this only applies the defaults.
  if (!parsed.success) {
    report(parsed.error.issues, [], z.object({ train: trainSpec }));
    return { diagnostics };
  }
  return { train: parsed.data, diagnostics };
}

/**
 * The checks of `train:` that need the model: per-output losses and metrics name real outputs,
 * every output has a loss, and early stopping watches a value that will be logged. Paths are from
 * the top of the file. Pure, so that whoever assembles a spec can call it.
 */
export function checkTrainSpec(train: TrainSpec, outputs: readonly string[]): TrainProblem[] {
  const problems: TrainProblem[] = [];
  const error = (code: string, message: string, path: Path, target: 'key' | 'value', hint: string) =>
    problems.push({ code, severity: 'error', message, path, target, hint });

  const outputList = outputs.map((o) => `\`${o}\``).join(', ');
  // `scroe: mse` makes `score` lack a loss too: the unknown key's did-you-mean says it all.
  const misspelt = new Set<string>();
  const checkKeys = (what: 'loss' | 'metrics', value: Record<string, unknown>) => {
    for (const key of Object.keys(value)) {
      if (outputs.includes(key)) continue;
      const guess = didYouMean(key, outputs);
      if (guess && what === 'loss') misspelt.add(guess);
      error('schema/unknown-key', `\`train.${what}.${key}\`: the model has no output \`${key}\``, ['train', what, key], 'key',
        guess ? `did you mean \`${guess}\`?` : `the model's outputs are ${outputList}`);
    }
  };
  if (typeof train.loss !== 'string') {
    checkKeys('loss', train.loss);
    const missing = outputs.filter((o) => !(o in (train.loss as Record<string, unknown>)) && !misspelt.has(o));
    if (missing.length > 0) {
      error('schema/missing-key', `\`train.loss\` gives no loss for the output${missing.length > 1 ? 's' : ''} ${missing.map((o) => `\`${o}\``).join(', ')}`,
        ['train', 'loss'], 'key', `every output needs a loss: add ${missing.map((o) => `\`${o}: mse\``).join(', ')} (or the loss it needs)`);
    }
  }
  if (!Array.isArray(train.metrics)) checkKeys('metrics', train.metrics);

  const es = train.early_stopping;
  if (es) {
    const names = kerasLogNames(train, outputs, true);
    const path = ['train', 'early_stopping', 'monitor'];
    if (!names.includes(es.monitor)) {
      const guess = didYouMean(es.monitor, names);
      error('schema/invalid-value', `\`train.early_stopping.monitor\`: ${show(es.monitor)} will not be logged; training logs ${names.join(', ')}`,
        path, 'value', guess ? `did you mean "${guess}"?` : 'monitor `loss`, `val_loss`, or a metric listed under `metrics` (with `val_` for its validation value)');
    } else if (es.monitor.startsWith('val_') && train.validation_split === 0) {
      problems.push({ code: 'schema/invalid-value', severity: 'warning', path, target: 'value',
        message: `\`train.early_stopping.monitor\` is ${show(es.monitor)} but \`validation_split\` is 0, so there is no validation value to watch`,
        hint: `set \`validation_split\` (e.g. 0.1) here or with --validation-split, or monitor ${show(es.monitor.slice(4))}` });
    }
  }
  return problems;
}
