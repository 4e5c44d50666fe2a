import { z } from '../../zod-configured.js';
import { ShapeError } from '../../shape/shape-error.js';
import { formatShape, type Shape } from '../../shape/shape.js';
import type { WeightSpec } from '../define.js';
import { activation } from './activations.js';
import { constraint } from './constraints.js';
import { useBias } from './conv-params.js';
import { dropoutRate } from './dropout-params.js';
import { initializer, type InitializerSpec } from './initializers.js';
import { activityRegularizer, regularizer } from './regularizers.js';

/** The layer types Bidirectional accepts (tfjs's RNN subclasses). */
export const RECURRENT_TYPES: readonly string[] = ['SimpleRNN', 'LSTM', 'GRU'];

export const units = z.int().positive().describe('Dimensionality of the output space (the size of the hidden state).');

/** Keras's default for LSTM/GRU gates is sigmoid; tfjs's own default would be hard_sigmoid, so it is always passed. */
export const recurrentActivation = activation(
  'sigmoid',
  "Activation of the gates; Keras's default, sigmoid, is kept (tfjs's own default would be hard_sigmoid)",
);

/** use_bias and the initializers, regularizers and constraints of kernel, recurrent_kernel and bias. */
export const recurrentWeightParams = {
  use_bias: useBias,
  kernel_initializer: initializer('glorot_uniform', 'the kernel (the input weights)'),
  recurrent_initializer: initializer('orthogonal', 'the recurrent kernel (the state weights)'),
  bias_initializer: initializer('zeros', 'the bias'),
  kernel_regularizer: regularizer('the kernel'),
  recurrent_regularizer: regularizer('the recurrent kernel'),
  bias_regularizer: regularizer('the bias'),
  activity_regularizer: activityRegularizer(),
  kernel_constraint: constraint('the kernel'),
  recurrent_constraint: constraint('the recurrent kernel'),
  bias_constraint: constraint('the bias'),
};

/** Dropout and how the sequence is read and returned. */
export const sequenceParams = {
  dropout: dropoutRate
    .default(0)
    .describe('Fraction of the input units to drop in the input transformation, in [0, 1) (at 1 tfjs would drop nothing).'),
  recurrent_dropout: dropoutRate
    .default(0)
    .describe('Fraction of the state units to drop in the recurrent transformation, in [0, 1) (at 1 tfjs would drop nothing).'),
  return_sequences: z
    .boolean()
    .default(false)
    .describe('Return the output of every step, (batch, timesteps, units), instead of the last one, (batch, units); needed to feed another recurrent layer.'),
  go_backwards: z.boolean().default(false).describe('Read the input sequence backwards (and return the reversed sequence).'),
  stateful: z
    .literal(false)
    .default(false)
    .describe("Keras: carry each sample's last state over to the next batch. Must be false: a stateful layer needs a fixed batch size, which layerspec inputs do not have (tfjs refuses to build it)."),
  unroll: z
    .boolean()
    .default(false)
    .describe('Keras: unroll the loop over time steps (faster for short sequences, more memory). tfjs ignores it; the results are the same.'),
};

interface RecurrentParams {
  units: number;
  use_bias: boolean;
  return_sequences: boolean;
  kernel_initializer: InitializerSpec;
  recurrent_initializer: InitializerSpec;
  bias_initializer: InitializerSpec;
}

function requireSequence(x: Shape): void {
  if (x.length !== 3) {
    throw new ShapeError(`expects a 3D input (batch, timesteps, features), but got ${x.length}D input ${formatShape(x)}`, {
      code: 'shape/rank',
      hint:
        x.length === 2
          ? 'feed it a sequence: set return_sequences: true on the recurrent layer before it, or Reshape/Embedding the input to (batch, timesteps, features)'
          : 'Reshape the input to (batch, timesteps, features), or wrap the layer in TimeDistributed for the extra axes',
    });
  }
}

/** (batch, timesteps, features) -> (batch, timesteps, units) or (batch, units). */
export function recurrentOutputShape([x]: Shape[], p: RecurrentParams): Shape {
  requireSequence(x);
  return p.return_sequences ? [x[0], x[1], p.units] : [x[0], p.units];
}

/** tfjs's cell weights: `gates` blocks of `units` side by side (SimpleRNN 1, GRU 3, LSTM 4). */
export function recurrentWeights([x]: Shape[], p: RecurrentParams, gates: number): WeightSpec[] {
  requireSequence(x);
  const features = x[2];
  if (features === null) {
    throw new ShapeError(`needs the number of features (the last axis) to create its weights, but the input shape is ${formatShape(x)}`, {
      code: 'shape/unknown-dim',
      hint: 'give the last axis of the input a fixed size; only the timesteps may be None',
    });
  }
  const width = gates * p.units;
  return [
    { name: 'kernel', shape: [features, width], trainable: true, initializer: p.kernel_initializer },
    { name: 'recurrent_kernel', shape: [p.units, width], trainable: true, initializer: p.recurrent_initializer },
    ...(p.use_bias ? [{ name: 'bias', shape: [width], trainable: true, initializer: p.bias_initializer }] : []),
  ];
}
