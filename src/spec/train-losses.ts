import { builtOnFirstUse } from '../built-on-first-use.js';
import { z } from '../zod-configured.js';

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
export const MISSING_LOSSES: Record<string, string> = {
  binary_focal_crossentropy: 'TensorFlow.js 4.22 has no focal loss',
  categorical_focal_crossentropy: 'TensorFlow.js 4.22 has no focal loss',
  ctc: 'TensorFlow.js 4.22 has no CTC loss',
};
export const MISSING_METRICS: Record<string, string> = {
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

export const lossName = builtOnFirstUse(() =>
  z
    .enum(Object.keys(LOSSES) as [LossName, ...LossName[]])
    .describe('A loss by Keras name: mse, mae, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, huber, ...'),
);
export const metricName = builtOnFirstUse(() =>
  z
    .enum(Object.keys(METRICS) as [MetricName, ...MetricName[]])
    .describe('A metric by Keras name: accuracy (or acc), mse, mae, precision, recall, ...; logged under this name.'),
);
