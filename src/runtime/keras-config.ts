import type * as tfTypes from '@tensorflow/tfjs';
import type { ActivationName } from '../layers/common/activations.js';
import type { DataFormat } from '../layers/common/conv-params.js';
import type { InitializerSpec } from '../layers/common/initializers.js';

/**
 * Keras names -> tfjs layer config. Layer files call these from `build`, with `tf` passed in (this
 * module only imports tfjs types). The layer schemas already apply Keras's defaults; builders pass
 * every initializer, activation, ... explicitly, because tfjs's own defaults differ (e.g. LSTM's
 * recurrent_activation is hard_sigmoid in tfjs, Embedding's initializer too small/large, ...).
 */

type Tf = typeof tfTypes;
export type TfActivation = NonNullable<Parameters<Tf['layers']['dense']>[0]['activation']>;
export type TfInitializer = ReturnType<Tf['initializers']['zeros']>;
export type TfRegularizer = ReturnType<Tf['regularizers']['l1']>;
export type TfConstraint = ReturnType<Tf['constraints']['nonNeg']>;

/** Keras regularizer spec as the schemas give it. */
export type RegularizerSpec = 'l1' | 'l2' | 'l1_l2' | { l1?: number; l2?: number } | null;
/** Keras constraint spec as the schemas give it. */
export type ConstraintSpec =
  | 'non_neg' | 'unit_norm' | 'max_norm' | 'min_max_norm' | 'radial_constraint'
  | { type: string; axis?: number | number[]; max_value?: number; min_value?: number; rate?: number }
  | null;

const ACTIVATION_NAMES: Record<ActivationName, TfActivation> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hardSigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
  mish: 'mish',
  // Keras's gelu (approximate=False) is the erf form, which is tfjs's 'gelu' ('gelu_new' is the tanh one).
  gelu: 'gelu',
};

/** Keras activation name (null = linear) -> tfjs identifier. */
export function activation(name: ActivationName | null | undefined): TfActivation {
  if (name === null || name === undefined) return 'linear';
  const id = ACTIVATION_NAMES[name];
  if (!id) throw new Error(`activation '${name}' is not supported by TensorFlow.js`);
  return id;
}

const FAN: Record<string, 'fanIn' | 'fanOut' | 'fanAvg'> = { fan_in: 'fanIn', fan_out: 'fanOut', fan_avg: 'fanAvg' };

/**
 * Keras initializer (name or `{type, ...}`) -> a tfjs Initializer instance, Keras's default arguments
 * filled in by the schema. tfjs quirk: its varianceScaling knows only 'normal' (which is truncated,
 * without Keras's 0.8796 stddev correction) and 'uniform' (anything else silently becomes uniform),
 * so Keras's truncated_normal and untruncated_normal both map to tfjs's 'normal'.
 */
export function initializer(tf: Tf, spec: InitializerSpec): TfInitializer {
  const s = typeof spec === 'string' ? ({ type: spec } as { type: string } & Record<string, unknown>) : (spec as { type: string } & Record<string, unknown>);
  const seed = s.seed as number | undefined;
  const num = (key: string, fallback: number) => (typeof s[key] === 'number' ? (s[key] as number) : fallback);
  const init = tf.initializers;
  switch (s.type) {
    case 'zeros': return init.zeros();
    case 'ones': return init.ones();
    case 'constant': return init.constant({ value: num('value', 0) });
    case 'random_normal': return init.randomNormal({ mean: num('mean', 0), stddev: num('stddev', 0.05), seed });
    case 'random_uniform': return init.randomUniform({ minval: num('minval', -0.05), maxval: num('maxval', 0.05), seed });
    case 'truncated_normal': return init.truncatedNormal({ mean: num('mean', 0), stddev: num('stddev', 0.05), seed });
    case 'variance_scaling':
      return init.varianceScaling({
        scale: num('scale', 1),
        mode: FAN[(s.mode as string | undefined) ?? 'fan_in'],
        distribution: s.distribution === 'uniform' ? 'uniform' : 'normal',
        seed,
      });
    case 'orthogonal': return init.orthogonal({ gain: num('gain', 1), seed });
    case 'identity': return init.identity({ gain: num('gain', 1) });
    case 'glorot_uniform': return init.glorotUniform({ seed });
    case 'glorot_normal': return init.glorotNormal({ seed });
    case 'he_normal': return init.heNormal({ seed });
    case 'he_uniform': return init.heUniform({ seed });
    case 'lecun_normal': return init.leCunNormal({ seed });
    case 'lecun_uniform': return init.leCunUniform({ seed });
    default: throw new Error(`initializer '${s.type}' is not supported by TensorFlow.js`);
  }
}

/** Keras regularizer -> tfjs; names use Keras's factor 0.01. */
export function regularizer(tf: Tf, spec: RegularizerSpec | undefined): TfRegularizer | undefined {
  if (spec === null || spec === undefined) return undefined;
  if (spec === 'l1') return tf.regularizers.l1({ l1: 0.01 });
  if (spec === 'l2') return tf.regularizers.l2({ l2: 0.01 });
  if (spec === 'l1_l2') return tf.regularizers.l1l2({ l1: 0.01, l2: 0.01 });
  return tf.regularizers.l1l2({ l1: spec.l1 ?? 0, l2: spec.l2 ?? 0 });
}

/**
 * Keras's activity_regularizer. tfjs 4.22 builds a layer with one but refuses to run it ("Layer
 * invocation in the presence of activity regularizer(s) is not supported yet", in predict and fit
 * alike), so a non-null value is refused here with a clear message.
 */
export function activityRegularizer(spec: RegularizerSpec | undefined): undefined {
  if (spec === null || spec === undefined) return undefined;
  throw new Error('activity_regularizer is not supported by TensorFlow.js 4.22 (a layer with one cannot run); leave it out');
}

/**
 * A constraint's axis. tfjs types it as one number, but its norms are `sum(square(w), axis)`, which
 * takes a list too, so Keras's `axis: [0, 1, 2]` (the usual conv kernel setting) is passed as is.
 */
function constraintAxis(axis: number | number[] | undefined): number {
  return (axis ?? 0) as number;
}

/** Keras constraint -> tfjs (Keras's defaults: max_norm 2, min_max_norm 0..1 rate 1, axis 0). */
export function constraint(tf: Tf, spec: ConstraintSpec | undefined): TfConstraint | undefined {
  if (spec === null || spec === undefined) return undefined;
  const s = typeof spec === 'string' ? { type: spec } : spec;
  switch (s.type) {
    case 'non_neg': return tf.constraints.nonNeg();
    case 'unit_norm': return tf.constraints.unitNorm({ axis: constraintAxis(s.axis) });
    case 'max_norm': return tf.constraints.maxNorm({ maxValue: s.max_value ?? 2, axis: constraintAxis(s.axis) });
    case 'min_max_norm':
      return tf.constraints.minMaxNorm({ minValue: s.min_value ?? 0, maxValue: s.max_value ?? 1, rate: s.rate ?? 1, axis: constraintAxis(s.axis) });
    default: throw new Error(`constraint '${s.type}' is not supported by TensorFlow.js`);
  }
}

export function dataFormat(format: DataFormat | undefined): 'channelsLast' | 'channelsFirst' {
  return format === 'channels_first' ? 'channelsFirst' : 'channelsLast';
}

/** An integer or a list -> a list of `n` integers, as Keras's conv_utils.normalize_tuple. */
export function tuple(value: number | readonly number[], n: number): number[] {
  return typeof value === 'number' ? Array.from({ length: n }, () => value) : [...value];
}

/** The arguments every kernel+bias layer (Dense, Conv*) passes, by tfjs name. */
export function kernelBiasConfig(
  tf: Tf,
  p: {
    activation: ActivationName | null;
    use_bias: boolean;
    kernel_initializer: InitializerSpec;
    bias_initializer: InitializerSpec;
    kernel_regularizer: RegularizerSpec;
    bias_regularizer: RegularizerSpec;
    activity_regularizer: RegularizerSpec;
    kernel_constraint: ConstraintSpec;
    bias_constraint: ConstraintSpec;
  },
) {
  return {
    activation: activation(p.activation),
    useBias: p.use_bias,
    kernelInitializer: initializer(tf, p.kernel_initializer),
    biasInitializer: initializer(tf, p.bias_initializer),
    kernelRegularizer: regularizer(tf, p.kernel_regularizer),
    biasRegularizer: regularizer(tf, p.bias_regularizer),
    activityRegularizer: activityRegularizer(p.activity_regularizer),
    kernelConstraint: constraint(tf, p.kernel_constraint),
    biasConstraint: constraint(tf, p.bias_constraint),
  };
}

/** Name and trainability, passed to every tfjs layer. */
export function baseConfig(ctx: { name?: string; trainable: boolean }) {
  return ctx.name === undefined ? { trainable: ctx.trainable } : { name: ctx.name, trainable: ctx.trainable };
}
