import { builtOnFirstUse } from '../built-on-first-use.js';
import { z } from '../zod-configured.js';

/**
 * The optimizers of the `train:` section: by Keras name, each with its Keras arguments and
 * defaults, and only those TensorFlow.js 4.22 can run.
 *
 * Learning-rate defaults are tf.keras 2.4+'s (= Keras 3's): sgd 0.01, adam/adamax/adagrad/rmsprop
 * 0.001, and adadelta 0.001 (Keras <= 2.3 used 1.0 for Adadelta and 0.01 for Adagrad).
 */
export const OPTIMIZER_NAMES = ['sgd', 'adam', 'adamax', 'adagrad', 'adadelta', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Keras optimizers TensorFlow.js does not have, with what to use instead. */
export const MISSING_OPTIMIZERS: Record<string, string> = {
  nadam: 'TensorFlow.js has no Nadam; the closest is `adam`',
  adamw: 'TensorFlow.js has no AdamW (decoupled weight decay); use `adam`, and a kernel_regularizer for weight decay',
  ftrl: 'TensorFlow.js has no Ftrl optimizer',
  lion: 'TensorFlow.js has no Lion optimizer',
  adafactor: 'TensorFlow.js has no Adafactor optimizer',
  lamb: 'TensorFlow.js has no LAMB optimizer',
};

const learningRate = (keras: number) =>
  z.number().positive().default(keras).describe(`Learning rate (Keras's default for this optimizer: ${keras}).`);

/**
 * Keras optimizer arguments TensorFlow.js cannot honour: what Keras does with them, and why
 * TensorFlow.js cannot. Their no-op value (Keras's default) is accepted, so that a pasted Keras
 * config passes; train-check refuses any other with `why`. amsgrad is Adam's alone.
 */
export const UNSUPPORTED_OPTIMIZER_ARGS = {
  clipnorm: { accepted: null, keras: 'Keras clips each gradient to this norm', why: 'TensorFlow.js optimizers cannot clip gradients' },
  clipvalue: { accepted: null, keras: 'Keras clips each gradient to this value', why: 'TensorFlow.js optimizers cannot clip gradients' },
  global_clipnorm: { accepted: null, keras: 'Keras clips the global gradient norm', why: 'TensorFlow.js optimizers cannot clip gradients' },
  weight_decay: {
    accepted: null,
    keras: 'Keras 2.11+ decoupled weight decay',
    why: 'TensorFlow.js optimizers have no weight decay; add a kernel_regularizer (e.g. `{ l2: 0.0001 }`) to the layers instead',
  },
  use_ema: { accepted: false, keras: 'Keras keeps an exponential moving average of the weights', why: 'TensorFlow.js cannot keep a moving average of the weights' },
  amsgrad: { accepted: false, keras: "Keras's AMSGrad variant", why: "TensorFlow.js's Adam has no AMSGrad variant" },
} as const satisfies Record<string, UnsupportedArg>;

interface UnsupportedArg {
  accepted: null | false;
  keras: string;
  why: string;
}

/** Each argument's schema: only its accepted value, described from the table. */
const argSchemas = <T extends Record<string, UnsupportedArg>>(table: T) =>
  Object.fromEntries(
    Object.entries(table).map(([key, { accepted, keras, why }]) => [
      key,
      (accepted === null ? z.null() : z.literal(accepted)).optional().describe(`${keras}. Only ${accepted}, Keras's default, is accepted: ${why}.`),
    ]),
  ) as { [K in keyof T]: z.ZodOptional<T[K]['accepted'] extends null ? z.ZodNull : z.ZodLiteral<false>> };

const typeOf = <N extends OptimizerName>(name: N, keras: string) => z.literal(name).describe(`The optimizer: ${keras}.`);

/** Each optimizer's strict schema, by name (built on first use: only a file with `train:` needs them). */
export const optimizerSchemas = builtOnFirstUse(() => {
  const beta1 = z.number().min(0).lt(1).default(0.9).describe('Decay rate of the first-moment estimates.');
  const epsilon = z.number().positive().default(1e-7).describe('Small constant for numerical stability (Keras: 1e-7).');
  const { amsgrad, ...notInTfjs } = argSchemas(UNSUPPORTED_OPTIMIZER_ARGS);
  return {
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
      amsgrad,
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
});

export type OptimizerSchemas = ReturnType<typeof optimizerSchemas>;
/** An optimizer with every argument filled in (Keras's defaults where the file gives none). */
export type OptimizerConfig = { [K in OptimizerName]: z.output<OptimizerSchemas[K]> }[OptimizerName];

export const optimizerName = builtOnFirstUse(() => z.enum(OPTIMIZER_NAMES).describe("An optimizer by Keras name, with Keras's default arguments."));
