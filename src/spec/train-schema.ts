import { builtOnFirstUse } from '../built-on-first-use.js';
import { z } from '../zod-configured.js';
import { lossName, metricName, type LossName, type MetricName } from './train-losses.js';
import { optimizerName, optimizerSchemas, type OptimizerConfig, type OptimizerSchemas } from './train-optimizers.js';

/**
 * The `train:` section: Keras's compile() and fit() arguments by their Keras names, strict, with
 * Keras's defaults. Only what TensorFlow.js 4.22 can run is accepted; a Keras argument it cannot
 * honour (AMSGrad, gradient clipping, weight decay, ...) is refused with a message saying so,
 * rather than silently ignored. Optimizers: train-optimizers.ts; losses and metrics:
 * train-losses.ts; checking with diagnostics: train-check.ts.
 */

export const earlyStoppingSpec = builtOnFirstUse(() =>
  z
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
    .describe('Stop training when the monitored value stops improving (keras.callbacks.EarlyStopping).'),
);

export type EarlyStoppingSpec = z.output<ReturnType<typeof earlyStoppingSpec>>;

/** The whole section, built on first use: a file without `train:` never needs it. */
export const trainSpec = builtOnFirstUse(() =>
  z
    .strictObject({
      optimizer: z
        .union([optimizerName(), z.discriminatedUnion('type', Object.values(optimizerSchemas()) as unknown as [OptimizerSchemas['sgd'], OptimizerSchemas['adam']])])
        .default('adam')
        .describe('Optimizer: a Keras name (sgd, adam, adamax, adagrad, adadelta, rmsprop) or {type, learning_rate, ...} with its Keras arguments.'),
      loss: z
        .union([lossName(), z.record(z.string(), lossName()).describe('One loss per model output, by output name.')])
        .default('mse')
        .describe('Loss by Keras name (mse, binary_crossentropy, categorical_crossentropy, ...), or one per output: {score: mse, probs: categorical_crossentropy}.'),
      metrics: z
        .union([
          z.array(metricName()),
          z.record(z.string(), z.union([metricName(), z.array(metricName())])).describe('Metrics per model output, by output name.'),
        ])
        .default([])
        .describe('Metrics by Keras name, a list applied to every output, or per output: {probs: [accuracy]}.'),
      epochs: z.int().positive().default(10).describe('Number of epochs.'),
      batch_size: z.int().positive().default(32).describe('Samples per gradient update.'),
      validation_split: z.number().min(0).lt(1).default(0).describe('Fraction of the training data held out for validation (the last samples, as Keras), 0 <= f < 1.'),
      shuffle: z.boolean().default(true).describe('Shuffle the training data before each epoch.'),
      early_stopping: earlyStoppingSpec().optional(),
      seed: z.int().min(0).optional().describe('Seed for weight initialisation, shuffling and dropout, for reproducible runs.'),
    })
    .describe('Defaults for `layerspec train`; command-line flags override them.'),
);

export type TrainSpec = z.output<ReturnType<typeof trainSpec>>;

/** The settings a model's `train:` gives (as parsed into ModelSpec.train), Keras's defaults where it gives none. */
export function trainConfig(train: Record<string, unknown> | undefined): TrainSpec {
  return trainSpec().parse(train ?? {});
}

/** The optimizer with every Keras argument filled in. */
export function optimizerConfig(optimizer: TrainSpec['optimizer']): OptimizerConfig {
  if (typeof optimizer !== 'string') return optimizer;
  return optimizerSchemas()[optimizer].parse({ type: optimizer }) as OptimizerConfig;
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
